// fork/exec with pipes, PR_SET_PDEATHSIG and exec-failure reporting through a CLOEXEC pipe.
#include "src/fsfuzz/vm/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace fsfuzz::vm {
namespace {

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

bool IsExecutable(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
}

// In the child: only async-signal-safe calls until exec.
[[noreturn]] void ChildExec(const std::string& path, char* const* argv, const SpawnOptions& o,
                            int out_w, int err_w, int exec_err_w) {
  auto fail = [&](int e) {
    (void)!write(exec_err_w, &e, sizeof e);
    _exit(127);
  };
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // Signals we block or ignore must not leak into the child (qemu, mkfs...).
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  int in = open(o.stdin_path.empty() ? "/dev/null" : o.stdin_path.c_str(), O_RDONLY);
  if (in < 0) fail(errno);
  int out = out_w;
  if (!o.stdout_path.empty()) out = open(o.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  else if (out < 0) out = open("/dev/null", O_WRONLY);
  int err = err_w >= 0 ? err_w : open("/dev/null", O_WRONLY);
  if (out < 0 || err < 0) fail(errno);
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) fail(errno);
  if (!o.cwd.empty() && chdir(o.cwd.c_str()) != 0) fail(errno);
  execv(path.c_str(), argv);
  fail(errno);
  _exit(127);  // not reached: fail() exits
}

}  // namespace

std::string FindTool(const std::string& name) {
  if (name.find('/') != std::string::npos) return IsExecutable(name) ? name : "";
  std::string dirs;
  if (const char* p = getenv("PATH")) dirs = p;
  dirs += ":/usr/sbin:/sbin:/usr/bin:/bin";
  size_t pos = 0;
  while (pos <= dirs.size()) {
    size_t end = dirs.find(':', pos);
    if (end == std::string::npos) end = dirs.size();
    std::string dir = dirs.substr(pos, end - pos);
    if (!dir.empty() && IsExecutable(dir + "/" + name)) return dir + "/" + name;
    pos = end + 1;
  }
  return "";
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "wait status " + std::to_string(status);
}

ChildProcess& ChildProcess::operator=(ChildProcess&& o) noexcept {
  if (this != &o) {
    Release();
    pid_ = o.pid_;
    reaped_ = o.reaped_;
    status_ = o.status_;
    out_fd_ = o.out_fd_;
    err_fd_ = o.err_fd_;
    o.pid_ = -1;
    o.out_fd_ = o.err_fd_ = -1;
  }
  return *this;
}

ChildProcess::~ChildProcess() { Release(); }

void ChildProcess::Release() {
  if (running()) {
    kill(pid_, SIGKILL);
    Wait();
  }
  pid_ = -1;
  CloseFd(out_fd_);
  CloseFd(err_fd_);
}

Result<ChildProcess> ChildProcess::Spawn(const std::vector<std::string>& argv,
                                         const SpawnOptions& opts) {
  if (argv.empty()) return Status::Internal("Spawn: empty argv");
  std::string path = FindTool(argv[0]);
  if (path.empty()) return Status::Environment(argv[0] + ": not found (PATH, /usr/sbin, /sbin)");
  std::vector<char*> cargv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);

  int out[2] = {-1, -1}, err[2] = {-1, -1}, ex[2] = {-1, -1};
  auto close_all = [&] {
    for (int* p : {out, err, ex}) CloseFd(p[0]), CloseFd(p[1]);
  };
  if ((opts.pipe_stdout && opts.stdout_path.empty() && pipe2(out, O_CLOEXEC) != 0) ||
      (opts.pipe_stderr && pipe2(err, O_CLOEXEC) != 0) || pipe2(ex, O_CLOEXEC) != 0) {
    int e = errno;
    close_all();
    return Status::FromErrno("pipe2", e);
  }
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close_all();
    return Status::FromErrno("fork", e);
  }
  if (pid == 0) ChildExec(path, cargv.data(), opts, out[1], err[1], ex[1]);

  ChildProcess c;
  c.pid_ = pid;
  c.out_fd_ = out[0];
  c.err_fd_ = err[0];
  out[0] = err[0] = -1;
  CloseFd(out[1]);
  CloseFd(err[1]);
  CloseFd(ex[1]);
  int child_errno = 0;
  ssize_t n;
  do n = read(ex[0], &child_errno, sizeof child_errno);
  while (n < 0 && errno == EINTR);
  CloseFd(ex[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    c.Wait();
    return Status::FromErrno("exec " + path, child_errno);
  }
  return c;
}

void ChildProcess::CloseStdout() { CloseFd(out_fd_); }
void ChildProcess::CloseStderr() { CloseFd(err_fd_); }

bool ChildProcess::TryReap(int* status) {
  if (pid_ <= 0) return true;
  if (!reaped_) {
    pid_t r = waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) reaped_ = true;
    else if (r < 0 && errno == ECHILD) reaped_ = true;  // not ours any more: nothing to reap
  }
  if (reaped_ && status) *status = status_;
  return reaped_;
}

int ChildProcess::Wait() {
  while (pid_ > 0 && !reaped_) {
    pid_t r = waitpid(pid_, &status_, 0);
    if (r == pid_ || (r < 0 && errno != EINTR)) reaped_ = true;
  }
  return status_;
}

void ChildProcess::Signal(int sig) {
  if (running()) kill(pid_, sig);
}

int ChildProcess::Terminate(int grace_ms) {
  if (!running()) return status_;
  Signal(SIGTERM);
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  while (!TryReap(nullptr) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  Signal(SIGKILL);
  return Wait();
}

}  // namespace fsfuzz::vm
