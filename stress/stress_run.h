// One stress run on one target: lanes generate programs continuously, run and check them
// through a Session each, save findings as they are made, and stop cleanly on time, op
// count or request (finishing their current program); the figures come back as the
// summary's entry for that filesystem.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "reports/summary.h"
#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/run/session.h"
#include "src/fsfuzz/run/target.h"
#include "stress/progress.h"
#include "stress/stress_config.h"

namespace fsfuzz::stress {

struct StressHooks {
  std::function<bool()> stop_requested;                       // polled; e.g. SIGINT seen
  std::function<void(const std::string&)> announce;           // a line of its own
  // About four times a second with the live counts; last=true once, with the final ones.
  std::function<void(const ProgressSnapshot&, bool last)> progress;
  // The figures so far, marked failed "in progress", every snapshot_interval_s and when a
  // hang is about to end the process: so a killed run still leaves recent figures (lane
  // processes send theirs about once a second).
  std::function<void(const reports::FsResult&)> snapshot;
  double snapshot_interval_s = 10;
  // After each program, on its lane's thread (benchmarks count what they need here). It
  // runs in this process, so setting it keeps lanes threads (StressConfig::lane_processes).
  std::function<void(size_t lane, const Program&, const ProgramOutcome&)> on_program;
};

// Row name of a target before it is opened: the variant, "dir:DIR" or "sim+BUG...".
std::string SpecName(const TargetSpec& spec);

// The filesystem's entry: status ran (or skipped with the reason, when the target cannot
// run here; failed when it broke part way). A Status error only for a wrong request
// (e.g. an unsafe --dir).
Result<reports::FsResult> RunStress(const StressConfig& config, const TargetSpec& spec, const StressHooks& hooks);

}  // namespace fsfuzz::stress
