// A finding as a kernel developer reads it: a one-line title, the environment, the
// (minimized) program, what was expected and found, the kernel log and stacks, and the
// commands that reproduce it.
#pragma once

#include <optional>
#include <string>

#include "src/fsfuzz/finding/finding.h"

namespace fsfuzz {

struct ShowInput {
  FindingRecord record;
  std::string path;  // the finding file (for the commands to reproduce)
  // A minimized program found beside the finding (minimized-from-<signature>.fsp), when
  // the record is not itself the minimized one.
  std::optional<std::string> minimized_program;
  std::string minimized_path;
};

std::string ShowFinding(const ShowInput& in);

// The target flags that reproduce on the finding's machine: "--fs xfs", "--backend sim
// --bug stale-page", "--dir DIR".
std::string TargetFlagsFor(const Env& env);

// Where `fsfuzz minimize` writes its program for a finding signature, beside the finding.
std::string MinimizedProgramPath(const std::string& finding_path, const std::string& signature);

}  // namespace fsfuzz
