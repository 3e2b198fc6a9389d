// The hang finding of a watchdog report: one builder for the session, the fuzz targets and
// repro, so a hang and its replay have one title and signature.
#pragma once

#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

// p may be null (the op kind is then "?").
Finding MakeHangFinding(const HangReport& r, const Program* p, const Env& env);

}  // namespace fsfuzz
