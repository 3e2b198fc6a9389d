// Finding match rules (see match.h).
#include "src/fsfuzz/repro/match.h"

#include <algorithm>
#include <set>

namespace fsfuzz {

bool MatchRuleFromName(std::string_view name, MatchRule* out) {
  for (MatchRule r : {MatchRule::kSignature, MatchRule::kKinds, MatchRule::kClass}) {
    if (MatchRuleName(r) == name) {
      *out = r;
      return true;
    }
  }
  return false;
}

std::string_view MatchRuleName(MatchRule r) {
  switch (r) {
    case MatchRule::kSignature: return "signature";
    case MatchRule::kKinds: return "kinds";
    case MatchRule::kClass: return "class";
  }
  return "?";
}

std::string FsLabel(const Env& env) { return env.variant.empty() ? env.fs : env.variant; }

std::string SignatureOn(const Finding& f, const std::string& fs) {
  Finding g = f;
  g.fs = fs;
  return g.Signature();
}

bool Matches(const Finding& want, const Finding& got, MatchRule rule) {
  if (want.cls != got.cls) return false;
  const std::set<std::string> w(want.op_kinds.begin(), want.op_kinds.end());
  const std::set<std::string> g(got.op_kinds.begin(), got.op_kinds.end());
  switch (rule) {
    case MatchRule::kSignature: return w == g;
    case MatchRule::kKinds: return std::includes(w.begin(), w.end(), g.begin(), g.end());
    case MatchRule::kClass: return true;
  }
  return false;
}

}  // namespace fsfuzz
