// Verdict printing (see verdict_print.h).
#include "cli/verdict_print.h"

#include "src/fsfuzz/base/exit_codes.h"

namespace fsfuzz::cli {

void PrintVerdictLine(std::ostream& os, const std::string& name, const Env& env, const Verdict& v) {
  os << name << "  [" << (env.variant.empty() ? env.fs : env.variant) << "]  ";
  switch (v.status) {
    case Verdict::Status::kOk: os << "ok"; break;
    case Verdict::Status::kFinding:
      os << "FINDING " << ClassName(v.findings[0].cls) << ": " << v.findings[0].title;
      if (v.findings.size() > 1) os << " (+" << v.findings.size() - 1 << " more)";
      break;
    case Verdict::Status::kInconclusive: os << "inconclusive: " << v.inconclusive_reason; break;
  }
  if (!v.signals.empty()) {
    os << "  {";
    bool first = true;
    for (const auto& [k, n] : v.signals) {
      os << (first ? "" : ", ") << k << "=" << n;
      first = false;
    }
    os << "}";
  }
  os << "\n";
}

void PrintFindings(std::ostream& os, const Verdict& v) {
  for (const Finding& f : v.findings) {
    os << "  " << ClassName(f.cls) << " [" << f.Signature() << "] " << f.title << "\n";
    os << "    " << f.detail << "\n";
  }
}

int VerdictExitCode(const Verdict& v) {
  switch (v.status) {
    case Verdict::Status::kOk: return kExitOk;
    case Verdict::Status::kFinding:
      // Known findings (confirmed kernel behaviour, docs/known-findings) are reported but
      // do not fail the run; any other finding does.
      for (const Finding& f : v.findings) {
        if (!f.evidence.contains("known")) return kExitFinding;
      }
      return kExitOk;
    case Verdict::Status::kInconclusive: return kExitInconclusive;
  }
  return kExitInternal;
}

}  // namespace fsfuzz::cli
