// Running helper programs (mkfs, modprobe) with fork/exec and an argv: no shell, output
// captured for error messages, a deadline, and the child reaped by its own pid.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

struct CommandResult {
  int exit_code = -1;    // valid when term_signal == 0
  int term_signal = 0;   // the signal that ended the child (timeouts end in SIGKILL)
  bool timed_out = false;
  std::string out;       // stdout
  std::string err;       // stderr
  bool ok() const { return term_signal == 0 && exit_code == 0; }
  // "mkfs.xfs exited with 1: <first line of stderr>".
  std::string Describe(const std::string& program) const;
};

// The absolute path of `name` from PATH plus the sbin directories (root tools live there
// and a user's PATH often lacks them); nullopt when absent. A name with '/' is checked
// as is.
std::optional<std::string> FindProgram(const std::string& name);

// Runs argv[0] (looked up with FindProgram) with stdin from /dev/null. A missing program
// is an Environment error; a program that ran is ok() or not in the result.
Result<CommandResult> RunCommand(const std::vector<std::string>& argv,
                                 std::chrono::milliseconds timeout = std::chrono::minutes(2));

}  // namespace fsfuzz
