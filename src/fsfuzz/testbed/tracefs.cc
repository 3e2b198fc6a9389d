// tracefs instance handling (see tracefs.h and Documentation/trace/ftrace.rst).
#include "src/fsfuzz/testbed/tracefs.h"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/mountinfo.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz {
namespace {

constexpr char kDefaultMount[] = "/sys/kernel/tracing";
constexpr size_t kSampleLines = 16;

Status WriteText(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) return Status::FromErrno("open " + path, errno);
  ssize_t n = ::write(fd, text.data(), text.size());
  int e = errno;
  ::close(fd);
  if (n != static_cast<ssize_t>(text.size())) return Status::FromErrno("write " + path, e);
  return Status::Ok();
}

bool IsDir(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::atomic<int> g_instances{0};

bool IsPrivateMount(const std::string& mount_point) {
  // WORK_ROOT/fsfuzz-XXXXXX/tracefs: another run's, removed when that run ends.
  size_t slash = mount_point.rfind('/');
  if (slash == std::string::npos || mount_point.compare(slash, std::string::npos, "/tracefs") != 0) {
    return false;
  }
  size_t parent = mount_point.rfind('/', slash - 1);
  return parent != std::string::npos &&
         mount_point.compare(parent + 1, std::strlen(kWorkDirPrefix), kWorkDirPrefix) == 0;
}

}  // namespace

std::string FindTracefs() {
  Result<std::vector<MountEntry>> mounts = ReadMountInfo();
  if (!mounts.ok()) return "";
  std::string found;
  for (const MountEntry& m : *mounts) {
    if (m.fs_type != "tracefs" || IsPrivateMount(m.mount_point)) continue;
    // Prefer the standard place; any tracefs mount shows the same instances.
    if (found.empty() || m.mount_point == kDefaultMount) found = m.mount_point;
  }
  return found;
}

Result<std::unique_ptr<TraceEvents>> TraceEvents::Open(const std::vector<std::string>& events,
                                                       const std::string& work_root) {
  if (::geteuid() != 0) return Status::Environment("tracefs: not root");
  if (!KernelHasFilesystem("tracefs")) return Status::Environment("tracefs: not in this kernel");
  std::unique_ptr<TraceEvents> t(new TraceEvents());
  std::vector<TeardownAction> actions;
  t->mount_ = FindTracefs();
  if (t->mount_.empty()) {
    Result<std::string> work = MakeWorkDir(work_root, "tracefs");
    if (!work.ok()) return work.status();
    t->work_dir_ = *work;
    t->mount_ = t->work_dir_ + "/tracefs";
    if (::mkdir(t->mount_.c_str(), 0700) != 0 ||
        ::mount("tracefs", t->mount_.c_str(), "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0) {
      int e = errno;
      ::rmdir(t->mount_.c_str());
      ::unlink((t->work_dir_ + "/" + kMarkerName).c_str());
      ::rmdir(t->work_dir_.c_str());
      t->work_dir_.clear();
      return Status::Environment("tracefs: mount on " + t->mount_ + ": " + std::strerror(e));
    }
  }
  int n = g_instances.fetch_add(1);
  t->instance_ = t->mount_ + "/instances/fsfuzz-" + std::to_string(::getpid()) +
                 (n == 0 ? "" : "-" + std::to_string(n));
  // A leftover of a killed run that had our pid: tracefs removes an instance by rmdir.
  if (IsDir(t->instance_)) ::rmdir(t->instance_.c_str());
  // Registered before the mkdir: a signal now closes our pipe (an open file keeps the
  // instance busy), removes the instance, then our private mount and its work dir.
  actions = {{TeardownOp::kCloseFd, ""}, {TeardownOp::kRmdirOther, t->instance_}};
  if (!t->work_dir_.empty()) {
    actions.push_back({TeardownOp::kUmount, t->mount_});
    actions.push_back({TeardownOp::kRmdir, t->mount_});
    actions.push_back({TeardownOp::kMarker, t->work_dir_ + "/" + kMarkerName});
    actions.push_back({TeardownOp::kRmdir, t->work_dir_});
  }
  t->handle_ = RegisterTeardown(actions);
  if (::mkdir(t->instance_.c_str(), 0700) != 0) {
    return Status::Environment("tracefs: mkdir " + t->instance_ + ": " + std::strerror(errno));
  }
  for (const std::string& ev : events) {
    size_t colon = ev.find(':');
    if (colon == std::string::npos) return Status::Usage("trace event '" + ev + "' is not system:event");
    std::string dir = t->instance_ + "/events/" + ev.substr(0, colon) + "/" + ev.substr(colon + 1);
    if (!IsDir(dir)) {
      t->missing_.push_back(ev);
      continue;
    }
    Status st = WriteText(dir + "/enable", "1");
    if (!st.ok()) return st;
    t->enabled_.push_back(ev);
  }
  std::string pipe = t->instance_ + "/trace_pipe";
  // trace_pipe consumes what it returns: nothing is lost between a read and a clear, as
  // it would be with `trace` followed by truncation.
  t->pipe_fd_ = ::open(pipe.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (t->pipe_fd_ < 0) return Status::FromErrno("open " + pipe, errno);
  SetTeardownFd(t->handle_, t->pipe_fd_);
  WriteText(t->instance_ + "/tracing_on", "1");
  return t;
}

TraceEvents::~TraceEvents() {
  SetTeardownFd(handle_, -1);
  if (pipe_fd_ >= 0) ::close(pipe_fd_);
  if (!TeardownArmed(handle_)) {
    UnregisterTeardown(handle_);
    return;
  }
  for (const std::string& ev : enabled_) {
    size_t colon = ev.find(':');
    WriteText(instance_ + "/events/" + ev.substr(0, colon) + "/" + ev.substr(colon + 1) + "/enable", "0");
  }
  if (!instance_.empty()) ::rmdir(instance_.c_str());
  if (!work_dir_.empty()) {
    ::umount2(mount_.c_str(), MNT_DETACH);  // private: nobody else relies on it
    if (::rmdir(mount_.c_str()) == 0 || errno == ENOENT) {
      ::unlink((work_dir_ + "/" + kMarkerName).c_str());
      ::rmdir(work_dir_.c_str());
    }
  }
  UnregisterTeardown(handle_);
}

bool TraceEvents::Has(const std::string& event) const {
  for (const std::string& e : enabled_) {
    if (e == event) return true;
  }
  return false;
}

void TraceEvents::Poll() {
  if (pipe_fd_ < 0) return;
  char buf[65536];
  while (true) {
    ssize_t got = ::read(pipe_fd_, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    partial_.append(buf, static_cast<size_t>(got));
    size_t start = 0;
    for (size_t nl = partial_.find('\n'); nl != std::string::npos; nl = partial_.find('\n', start)) {
      std::string line = partial_.substr(start, nl - start);
      start = nl + 1;
      // "  fsfuzz-1234  [001] .....  12.345678: iomap_dio_invalidate_fail: dev 7:3 ..."
      for (const std::string& ev : enabled_) {
        std::string name = ev.substr(ev.find(':') + 1);
        if (line.find(" " + name + ":") == std::string::npos) continue;
        ++pending_.counts[ev];
        if (pending_.sample.size() < kSampleLines) pending_.sample.push_back(line);
      }
    }
    partial_.erase(0, start);
  }
}

uint64_t TraceEvents::Count(const std::string& event) {
  std::lock_guard<std::mutex> lock(mu_);
  Poll();
  auto it = pending_.counts.find(event);
  return it == pending_.counts.end() ? 0 : it->second;
}

TraceSnapshot TraceEvents::Drain() {
  std::lock_guard<std::mutex> lock(mu_);
  Poll();
  TraceSnapshot out = std::move(pending_);
  pending_ = TraceSnapshot();
  return out;
}

}  // namespace fsfuzz
