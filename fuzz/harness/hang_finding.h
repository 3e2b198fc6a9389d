// The hang finding of a watchdog report, built exactly as the session builds it
// (src/fsfuzz/run/session.cc) so a hang found by a fuzz target and its replay with
// `fsfuzz run --bytes` have one signature (fuzz tests compare the two).
#pragma once

#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz::fuzz {

Finding HangFinding(const HangReport& r, const Program* p, const Env& env);

}  // namespace fsfuzz::fuzz
