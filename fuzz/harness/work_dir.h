// The fuzz targets' private directory: BASE/fsfuzz-fuzz.d/fsfuzz-XXXXXX with our marker,
// made by the process that runs inputs (never before an engine forks), removed at exit;
// what crashed runs left behind is swept by the next run (marker + dead owner).
#pragma once

#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::fuzz {

// Sweeps stale work dirs of dead owners under BASE/fsfuzz-fuzz.d, then makes ours and
// arranges its removal at exit (atexit and the sanitizers' death callback). Returns the
// path; later calls return the same path.
Result<std::string> OpenWorkDir(const std::string& base);

// Removes our work dir now (files inside it, then the directory). Idempotent; safe to
// call from a crash path (plain syscalls, no allocation after the first OpenWorkDir).
void RemoveWorkDir();

}  // namespace fsfuzz::fuzz
