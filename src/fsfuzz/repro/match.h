// Whether a finding seen on a replay is the one being reproduced: the same signature, or
// (while minimizing, where fewer ops mean fewer op kinds) the same class.
#pragma once

#include <string>
#include <string_view>

#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

enum class MatchRule : uint8_t {
  kSignature,  // same class and the same op kinds (the signature, whatever the filesystem)
  kKinds,      // same class, op kinds a subset of the wanted finding's
  kClass,      // same class
};

bool MatchRuleFromName(std::string_view name, MatchRule* out);  // "signature" | "kinds" | "class"
std::string_view MatchRuleName(MatchRule r);

// The filesystem label findings carry (Checker: the variant, else the statfs name).
std::string FsLabel(const Env& env);

// `f`'s signature had it been found on a target labelled `fs`: a finding from ext4
// replayed on xfs is compared by class and op kinds.
std::string SignatureOn(const Finding& f, const std::string& fs);

// Compares ignoring the filesystem.
bool Matches(const Finding& want, const Finding& got, MatchRule rule);

}  // namespace fsfuzz
