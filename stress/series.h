// A series of stress runs with one config, one target after another (`fsfuzz stress --fs
// a,b` and `fsfuzz compare`), gathered into one run summary (docs/summary-schema.md).
// After each target, and at every snapshot of the running one, the summary so far is
// handed to `save`, so a run killed part way still leaves its figures on disk.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "reports/summary.h"
#include "stress/stress_run.h"

namespace fsfuzz::stress {

// A filesystem run elsewhere, e.g. in a VM with a kernel that has it (runner "vm:NAME").
// Its result replaces a host row of the same name that was skipped, or is appended.
struct ExtraRun {
  std::string name;
  std::function<Result<reports::FsResult>(const StressConfig&, const StressHooks&)> run;
};

// The summary's head for this config: created, tool version, config, host.
reports::Summary NewSummary(const StressConfig& config);

// Runs every spec in order, then every extra. Targets not reached because the run was
// stopped are listed as skipped with that reason. A Status error only for a wrong
// request (the first target's usage error).
Result<reports::Summary> RunSeries(const StressConfig& config, const std::vector<TargetSpec>& specs,
                                   const std::vector<ExtraRun>& extras, const StressHooks& hooks,
                                   const std::function<void(const reports::Summary&)>& save);

// Writes the summary as JSON to path atomically (temp file, fsync, rename).
Status WriteSummaryJson(const std::string& path, const reports::Summary& s);

}  // namespace fsfuzz::stress
