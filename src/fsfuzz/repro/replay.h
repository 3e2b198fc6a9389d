// Runs one program once on a target, the way `fsfuzz run` does (executor, online checker
// stopping at the first finding, kernel-log findings, known-finding marks), but keeps the
// process alive where it can: a simulated hang is released and reported as a finding.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "src/fsfuzz/check/verdict.h"
#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/run/target.h"

namespace fsfuzz {

struct ReplayOptions {
  std::chrono::milliseconds deadline{10000};  // per op (the watchdog)
  // A new target for every run: a fresh testbed (mkfs + mount) or a new directory
  // backend. The simulator is always fresh (a released simulated hang stays released).
  bool fresh_target = false;
  // A hang on a real filesystem leaves a thread stuck in the kernel: the process exits
  // (kExitHang) right after this is called from the watchdog thread with the finding.
  std::function<void(const Finding&, const Env&)> on_fatal_hang;
};

struct ReplayRun {
  Status status;  // not ok: the run could not happen (setup failed, ENOSPC): inconclusive
  Verdict verdict;
  Trace trace;
  Env env;
};

class Replayer {
 public:
  // Opens the target once (an Environment error: it cannot run here).
  static Result<std::unique_ptr<Replayer>> Open(const TargetSpec& spec, ReplayOptions options);
  ~Replayer();

  ReplayRun Run(const Program& program);

  const std::string& label() const { return label_; }
  const Env& env() const { return env_; }
  // The current target (a fresh one per run with fresh_target, or the simulator).
  Target& target() { return *target_; }

 private:
  Replayer(TargetSpec spec, ReplayOptions options) : spec_(std::move(spec)), options_(std::move(options)) {}
  Status OpenTarget();
  void OnHang(const HangReport& r);

  TargetSpec spec_;
  ReplayOptions options_;
  std::unique_ptr<Target> target_;
  std::unique_ptr<Executor> executor_;
  std::string label_;
  Env env_;
  const Program* running_ = nullptr;  // for the watchdog's hang finding
  std::optional<Finding> hang_;
};

// The hang finding of the op a watchdog report names, as `fsfuzz run` writes it.
Finding HangFinding(const Program& p, const HangReport& r, const Env& env);

}  // namespace fsfuzz
