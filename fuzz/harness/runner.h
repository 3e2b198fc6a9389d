// Runs fuzz inputs on one target: the Target, Executor and Checker `fsfuzz run` uses (not
// its Session, which writes a JSON file per finding: too slow when known findings come
// thousands of times a second), so a crash file replays there to the same finding
// signature. Kept alive across inputs: worker threads and the watchdog start at the first
// input and are reused; every program starts from a reset file. The first finding that is
// not known (src/fsfuzz/finding/known_findings.h) prints its title, goes to $FSFUZZ_OUT as
// a FindingRecord when that is set, and abort()s so the engine records the input.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "fuzz/harness/fuzz_env.h"
#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/run/target.h"

namespace fsfuzz::fuzz {

class FuzzRunner {
 public:
  // Opens the target (the simulator, or directory mode in a fresh work dir for the
  // POSIX backend).
  static Result<std::unique_ptr<FuzzRunner>> Open(TargetSpec spec, const FuzzEnv& env);
  ~FuzzRunner();

  // Runs p; on a finding that is not known this does not return. Emits semantic feedback
  // when that is on.
  void Run(const Program& p);

  Target& target() { return *target_; }
  uint64_t known_hits() const { return known_hits_; }

 private:
  FuzzRunner() = default;
  void OnHang(const HangReport& r);
  // Writes the record to $FSFUZZ_OUT (when set); returns its path or "".
  std::string Record(const Finding& f, const Program& p, const Trace* trace);
  // Prints the finding and aborts; clean: remove the work dir first (not while an op hangs).
  [[noreturn]] void Crash(const Finding& f, const std::string& file, const Program& p, bool clean);

  FuzzEnv env_;
  std::unique_ptr<Target> target_;
  std::unique_ptr<Executor> executor_;
  std::mutex hang_mu_;                // the watchdog reads current_ on its own thread
  const Program* current_ = nullptr;  // the program running now
  uint64_t known_hits_ = 0;
  std::map<std::string, uint64_t> known_seen_;  // signature -> count, for one note each
};

// The runner of this process for spec, opened at the first call (in the process that
// runs inputs: after an engine's fork, and with no thread before it); prints the reason
// and exits on failure. default_deadline applies unless $FSFUZZ_DEADLINE_MS is set.
FuzzRunner& RunnerOrDie(const TargetSpec& spec, std::chrono::milliseconds default_deadline);

}  // namespace fsfuzz::fuzz
