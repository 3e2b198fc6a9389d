// Runs a host tool to completion (fork/exec of an argv): captured output, a deadline, and
// a kill when the run is interrupted.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/vm/child_process.h"

namespace fsfuzz::vm {

struct RunOptions {
  std::string cwd;
  std::string stdin_path;                 // empty: /dev/null
  std::string stdout_path;                // non-empty: stdout to this file, not captured
  std::chrono::milliseconds timeout{0};   // 0: no deadline
};

struct RunResult {
  int wait_status = 0;
  bool timed_out = false;
  std::string out;  // stdout (unless redirected to a file)
  std::string err;  // stderr
  int exit_code() const;  // -1 when killed by a signal
  bool ok() const { return !timed_out && exit_code() == 0; }
};

// Error only when the tool could not be started or the run was interrupted; a non-zero
// exit is a RunResult.
Result<RunResult> Run(const std::vector<std::string>& argv, const RunOptions& opts = {});

// Run and require exit 0 (or one of ok_codes); the error names the tool and its stderr.
Status RunChecked(const std::vector<std::string>& argv, const RunOptions& opts = {},
                  std::vector<int> ok_codes = {0});

// "mkfs.xfs -f /x/y" for messages (not for running).
std::string JoinArgv(const std::vector<std::string>& argv);

}  // namespace fsfuzz::vm
