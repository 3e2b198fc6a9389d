// Printing verdicts as the one-line-per-program table the run and check commands show.
#pragma once

#include <ostream>
#include <string>

#include "src/fsfuzz/check/verdict.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz::cli {

// "PROGRAM  FS  ok|FINDING class: title|inconclusive: reason  [signals]"
void PrintVerdictLine(std::ostream& os, const std::string& name, const Env& env, const Verdict& v);
void PrintFindings(std::ostream& os, const Verdict& v);
// kExitOk, kExitFinding or kExitInconclusive.
int VerdictExitCode(const Verdict& v);

}  // namespace fsfuzz::cli
