// Lanes in processes of their own (see lane_process.h).
#include "stress/lane_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <new>

namespace fsfuzz::stress {

bool LaneChannel::Send(const nlohmann::json& message) {
  const std::string line = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t w = ::write(fd_, line.data() + done, line.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    done += static_cast<size_t>(w);
  }
  return true;
}

LaneProcesses::LaneProcesses() {
  void* p = ::mmap(nullptr, sizeof(LaneShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p != MAP_FAILED) shared_ = new (p) LaneShared();
}

LaneProcesses::~LaneProcesses() {
  KillAll();
  for (Child& c : children_) {
    if (c.pid > 0 && c.exit_code < 0) {
      int st;
      while (::waitpid(c.pid, &st, 0) < 0 && errno == EINTR) {
      }
    }
    if (c.fd >= 0) ::close(c.fd);
  }
  if (shared_) {
    shared_->~LaneShared();
    ::munmap(shared_, sizeof(LaneShared));
  }
}

Status LaneProcesses::Start(size_t n, const std::function<void(size_t, LaneChannel&)>& body) {
  if (!shared_) return Status::Environment("mmap of the lanes' shared counters failed");
  if (n > kMaxLanes) return Status::Usage("at most " + std::to_string(kMaxLanes) + " lanes");
  const pid_t parent = ::getpid();
  // Buffered output would be written twice (by the parent and again by each child).
  std::fflush(nullptr);
  for (size_t k = 0; k < n; ++k) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return Status::FromErrno("pipe", errno);
    const pid_t pid = ::fork();
    if (pid < 0) {
      const int e = errno;
      ::close(fds[0]);
      ::close(fds[1]);
      return Status::FromErrno("fork", e);
    }
    if (pid == 0) {
      // The child: dies with the parent; the parent's teardown handlers (SIGHUP) must not
      // run here, and neither must the read ends of the lanes forked before it.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(1);
      struct sigaction dfl {};
      dfl.sa_handler = SIG_DFL;
      sigemptyset(&dfl.sa_mask);
      for (int sig : {SIGHUP, SIGINT, SIGTERM, SIGQUIT}) ::sigaction(sig, &dfl, nullptr);
      ::close(fds[0]);
      for (const Child& c : children_) ::close(c.fd);
      LaneChannel ch(fds[1]);
      body(k, ch);
      std::fflush(nullptr);
      ::_exit(0);
    }
    ::close(fds[1]);
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    children_.push_back(Child{pid, fds[0], {}, -1});
  }
  return Status::Ok();
}

void LaneProcesses::Handle(size_t k, const std::string& line, const LaneEvents& events) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object()) {
    if (events.on_failure) events.on_failure(k, "lane " + std::to_string(k) + " sent a garbled message");
    return;
  }
  if (j.contains("finding") && j.contains("path")) {
    Result<Finding> f = FindingFromJson(j["finding"]);
    if (f.ok() && events.on_finding) events.on_finding(k, j["path"].get<std::string>(), *f);
  } else if (j.contains("stats")) {
    if (events.on_stats) events.on_stats(k, j["stats"], j.value("rss_mib", 0.0));
  } else if (j.contains("failure")) {
    if (events.on_failure) events.on_failure(k, j["failure"].get<std::string>());
  }
}

void LaneProcesses::Drain(size_t k, const LaneEvents& events) {
  Child& c = children_[k];
  if (c.fd < 0) return;
  char buf[1 << 16];
  for (;;) {
    const ssize_t r = ::read(c.fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      if (r == 0) {  // every writer gone: the child ended
        ::close(c.fd);
        c.fd = -1;
      }
      return;
    }
    c.partial.append(buf, static_cast<size_t>(r));
    size_t start = 0;
    for (size_t nl; (nl = c.partial.find('\n', start)) != std::string::npos; start = nl + 1) {
      Handle(k, c.partial.substr(start, nl - start), events);
    }
    c.partial.erase(0, start);
  }
}

bool LaneProcesses::Poll(const LaneEvents& events) {
  bool all_ended = true;
  for (size_t k = 0; k < children_.size(); ++k) {
    Child& c = children_[k];
    Drain(k, events);
    if (c.exit_code >= 0) continue;
    int st = 0;
    const pid_t r = ::waitpid(c.pid, &st, WNOHANG);
    if (r == c.pid) {
      c.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      // What it wrote before it ended is all in the pipe now: read to EOF (bounded, in
      // case something it started still holds the write end).
      for (int i = 0; i < 2000 && c.fd >= 0; ++i) {
        Drain(k, events);
        if (c.fd >= 0) ::usleep(1000);
      }
      if (c.fd >= 0) {
        ::close(c.fd);
        c.fd = -1;
      }
    } else {
      all_ended = false;
    }
  }
  return all_ended;
}

void LaneProcesses::KillAll() {
  for (const Child& c : children_) {
    if (c.pid > 0 && c.exit_code < 0) ::kill(c.pid, SIGKILL);
  }
}

}  // namespace fsfuzz::stress
