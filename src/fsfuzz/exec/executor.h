// The executor runs a Program through a Backend: sequential steps on the calling thread,
// rounds on worker threads released together, a watchdog per op, and a Trace.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/exec/backend.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz {

// What the watchdog saw when an op passed its deadline.
struct HangReport {
  size_t step = 0;
  uint32_t op_id = 0;
  uint8_t thread = 0;
  std::chrono::milliseconds elapsed{0};
  std::string stacks;  // every task's comm, state, wchan and kernel stack (where readable)
  const Trace* trace_so_far = nullptr;  // completed steps only
};

// Receives each step's record as soon as the step is done (e.g. an online Checker).
class StepSink {
 public:
  virtual ~StepSink() = default;
  // Return false to stop the program after this step (a finding was made).
  virtual bool OnStep(size_t index, const StepRecord& rec) = 0;
};

struct ExecOptions {
  bool observe = true;   // record sizes, round settles and quiescent checks (checking on)
  std::chrono::milliseconds deadline{10000};  // per op
  // Called from the watchdog thread on a hang. It must write the finding to disk; when it
  // returns, the process exits with kExitHang (a thread stuck in the kernel may make any
  // other way out impossible). Unset: print to stderr and exit.
  std::function<void(const HangReport&)> on_hang;
  // Tests only: after on_hang returns, wait for the stuck op (a simulated hang the test
  // released) and end the run with stop_reason "hang" instead of exiting.
  bool exit_on_hang = true;
  // Observation bytes above this size are replaced by a digest once the sink saw them
  // (the end-of-program views, which no sink sees, have a budget of their own).
  size_t keep_bytes = 16u << 20;
};

class Executor {
 public:
  Executor(Backend& backend, ExecOptions options);
  ~Executor();  // requests stop on every worker before joining any
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Runs the program; the sink (optional) sees each step as it completes. A Status error
  // means the run could not start or continue (ENOSPC, setup failure): inconclusive.
  Result<Trace> Run(const Program& program, StepSink* sink = nullptr);

  // The records of the running program's steps completed before the one a sink is
  // being shown (observations past the byte budget elided): a finding file's trace so
  // far, built only when there is a finding, so a sink need not copy every step.
  std::vector<StepRecord> StepsSoFar() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace fsfuzz
