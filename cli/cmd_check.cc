// check: re-check a saved trace offline (the checker is pure: program + trace only).
#include <iostream>

#include "cli/command.h"
#include "cli/verdict_print.h"
#include "src/fsfuzz/check/checker.h"
#include "src/fsfuzz/finding/known_findings.h"
#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz::cli {

int CmdCheck(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz check");
  std::vector<std::string> traces;
  bool verbose = false, known = false;
  desc.add_options()("trace", po::value(&traces)->multitoken()->required(), "trace files (fsfuzz-trace JSON)")(
      "verbose,v", po::bool_switch(&verbose), "print each finding's detail")(
      "known", po::bool_switch(&known),
      "mark findings of the known-findings table (for the trace's filesystem and kernel) and check past them, as a "
      "run does");
  po::positional_options_description pos;
  pos.add("trace", -1);
  po::variables_map vm;
  int rc;
  if (!ParseArgs(args, "fsfuzz check TRACE...", desc, &pos, vm, &rc)) return rc;
  int worst = kExitOk;
  for (const std::string& path : traces) {
    auto t = ReadTraceFile(path);
    if (!t.ok()) return Fail("check", t.status());
    auto p = ParseProgram(t->first, path + " (program)");
    if (!p.ok()) return Fail("check", p.status());
    const Env env = t->second.env;
    Verdict v = known ? Check(*p, t->second, [env](Finding& f) { return MarkKnown(f, env); }) : Check(*p, t->second);
    if (known) {
      for (Finding& f : v.findings) MarkKnown(f, env);  // also those the checker adds itself (the session does so)
    }
    PrintVerdictLine(std::cout, path, t->second.env, v);
    if (verbose) PrintFindings(std::cout, v);
    worst = std::max(worst, VerdictExitCode(v));
  }
  return worst;
}

}  // namespace fsfuzz::cli
