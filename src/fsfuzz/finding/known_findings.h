// Kernel behaviour fsfuzz flags and that was confirmed outside fsfuzz with a plain C
// program (docs/known-findings/*.c): findings that match are marked "known" (still
// reported; tests and CI expect them per filesystem and kernel).
#pragma once

#include <string_view>
#include <vector>

#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

struct KnownFinding {
  std::string_view id;          // also the reproducer's name: docs/known-findings/<id>.c
  std::string_view fs;          // filesystems (env.fs) it was seen on, comma separated
  std::string_view kernels;     // kernel release prefixes it was confirmed on, comma separated ("" any)
  FindingClass cls;
  std::string_view ops;         // one of these op kinds (comma separated) is in the finding ("" any)
  std::string_view detail_has;  // the finding's detail contains this
  std::string_view summary;
  std::string_view mount_has = {};  // the mount options contain this ("" any): huge=always
};

const std::vector<KnownFinding>& KnownFindings();
// The known finding this finding is, on this filesystem and kernel; nullptr if none.
const KnownFinding* MatchKnown(const Finding& f, const Env& env);
// Marks a matching finding: evidence.known = id, and the title says so.
bool MarkKnown(Finding& f, const Env& env);

}  // namespace fsfuzz
