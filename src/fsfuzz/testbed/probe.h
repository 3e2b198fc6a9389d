// The capability probe: everything the checker and the reports must know about the
// filesystem under a directory (fs, kernel, options, DIO facts, privileges, what is
// skipped), recorded in every trace and finding as an Env.
#pragma once

#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

struct ProbeOptions {
  std::string variant;        // testbed variant name, or "dir" for --dir
  bool can_remount = false;   // the caller owns the mount (a loop testbed, tmpfs as root)
  bool dir_mode = false;      // --dir: remount is reported skipped for that reason
  bool measure_dio = true;    // false: leave the DIO facts "unknown" (no probe file)
};

// Probes `dir` (an existing directory we may write a probe file into). Env.skipped gets
// one "feature: reason" line per root-only feature that cannot be used here.
Result<Env> ProbeEnv(const std::string& dir, const ProbeOptions& options);

// uname -r.
std::string KernelRelease();

}  // namespace fsfuzz
