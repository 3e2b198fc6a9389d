// A forked child (fork/exec of an argv, never a shell string) whose pid we own: pipes for its
// output, kill by pid, and a destructor that kills and reaps it so no process outlives us.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

struct SpawnOptions {
  std::string cwd;           // empty: inherit
  std::string stdin_path;    // empty: /dev/null
  std::string stdout_path;   // non-empty: stdout goes to this file (created/truncated)
  bool pipe_stdout = true;   // else (and no stdout_path) stdout goes to /dev/null
  bool pipe_stderr = true;   // else stderr goes to /dev/null
};

class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(ChildProcess&& o) noexcept { *this = std::move(o); }
  ChildProcess& operator=(ChildProcess&& o) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();  // SIGKILL + reap if still running; closes pipes

  // argv[0] is an absolute path or a name looked up in PATH (and /usr/sbin, /sbin).
  // The child dies with us (PR_SET_PDEATHSIG) even if we are SIGKILLed.
  static Result<ChildProcess> Spawn(const std::vector<std::string>& argv,
                                    const SpawnOptions& opts = {});

  pid_t pid() const { return pid_; }
  int stdout_fd() const { return out_fd_; }  // -1 when not piped or closed
  int stderr_fd() const { return err_fd_; }
  void CloseStdout();
  void CloseStderr();

  bool running() const { return pid_ > 0 && !reaped_; }
  // Non-blocking: true once the child has exited (its wait status in *status).
  bool TryReap(int* status);
  int Wait();                     // blocking; returns the wait status
  void Signal(int sig);           // no-op once reaped
  // SIGTERM, then SIGKILL after grace_ms if still alive; always reaps.
  int Terminate(int grace_ms);

 private:
  void Release();  // kill + reap if running, close pipes

  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  int out_fd_ = -1;
  int err_fd_ = -1;
};

// Absolute path of an executable: PATH, then /usr/sbin, /sbin, /usr/bin, /bin. "" if none.
std::string FindTool(const std::string& name);

// "exited 3", "killed by signal 9".
std::string DescribeWaitStatus(int status);

}  // namespace fsfuzz::vm
