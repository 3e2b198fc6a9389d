// A session runs programs on one target end to end: executor, online checker, kernel
// signals, and finding files written the moment a finding is made (temp file + rename).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "src/fsfuzz/check/verdict.h"
#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/run/target.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz {

struct SessionOptions {
  std::string out_dir;                         // findings (and traces) go here; "" = nowhere
  std::chrono::milliseconds deadline{10000};   // per op (the watchdog)
  bool check = true;                           // false: run only (the benchmark baseline)
  bool save_traces = false;                    // also write every program's trace
  bool exit_on_hang = true;                    // false only in tests (simulated hangs)
  // Called after a finding file is written (path, finding), e.g. to announce it.
  std::function<void(const std::string&, const Finding&)> on_finding;
  // Asked before a finding file is built: false skips the file (serializing the trace is
  // most of a finding's cost) and on_finding is called with an empty path. Stress says
  // false past its per-signature cap, where it would delete the file at once.
  std::function<bool(const Finding&)> want_file;
};

struct ProgramOutcome {
  Verdict verdict;
  Trace trace;
  std::vector<std::string> finding_files;
  std::string trace_file;
  uint64_t ops = 0;
  std::chrono::nanoseconds elapsed{0};
  Status status;  // not ok: the run could not happen (ENOSPC, setup failure)
};

class Session {
 public:
  Session(Target& target, SessionOptions options);
  ~Session();

  // name: where the program came from (a file name, "random #12"), for messages.
  ProgramOutcome Run(const Program& program, const std::string& name);

  Target& target() { return target_; }

 private:
  struct HangState;
  void WriteHangFinding(const HangReport& report);
  std::string WriteFinding(const Finding& f, const Program& p, const std::string& text, const Trace* trace);

  Target& target_;
  SessionOptions options_;
  std::unique_ptr<HangState> hang_;
  std::unique_ptr<Executor> executor_;
};

}  // namespace fsfuzz
