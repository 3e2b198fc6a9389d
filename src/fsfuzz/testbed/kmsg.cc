// The /dev/kmsg reader thread (see kmsg.h; record format in
// Documentation/ABI/testing/dev-kmsg).
#include "src/fsfuzz/testbed/kmsg.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iterator>

namespace fsfuzz {
namespace {

constexpr size_t kMaxPending = 50000;  // lines; older ones go when a run floods the log
constexpr size_t kRecordMax = 16384;   // /dev/kmsg returns EINVAL for a too small buffer

// Appends the lines of `chunk`: /dev/kmsg gives one record per read, a pipe or file
// gives many, and either may end mid-line; complete lines go through SplitKernelLog
// (records, their dictionary lines, and plain console lines alike).
void AppendChunk(std::string& partial, const char* data, size_t n, std::vector<LogLine>* out) {
  partial.append(data, n);
  size_t end = partial.rfind('\n');
  if (end == std::string::npos) return;
  std::vector<LogLine> lines = SplitKernelLog(std::string_view(partial.data(), end + 1));
  out->insert(out->end(), std::make_move_iterator(lines.begin()), std::make_move_iterator(lines.end()));
  partial.erase(0, end + 1);
}

}  // namespace

Result<std::unique_ptr<KmsgWatcher>> KmsgWatcher::Start(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    return Status::Environment("kernel log: cannot open " + path + ": " + std::strerror(errno));
  }
  ::lseek(fd, 0, SEEK_END);  // from now on: earlier records are not ours
  return StartFromFd(fd);
}

Result<std::unique_ptr<KmsgWatcher>> KmsgWatcher::StartFromFd(int fd) {
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  std::unique_ptr<KmsgWatcher> w(new KmsgWatcher(fd));
  w->stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (w->stop_fd_ < 0) return Status::FromErrno("eventfd", errno);
  w->thread_ = std::thread([p = w.get()] { p->Loop(); });
  return w;
}

KmsgWatcher::KmsgWatcher(int fd) : fd_(fd), last_line_(std::chrono::steady_clock::now()) {}

KmsgWatcher::~KmsgWatcher() {
  if (thread_.joinable()) {
    uint64_t one = 1;
    (void)!::write(stop_fd_, &one, sizeof one);
    thread_.join();
  }
  if (stop_fd_ >= 0) ::close(stop_fd_);
  if (fd_ >= 0) ::close(fd_);
}

void KmsgWatcher::Loop() {
  std::vector<char> buf(kRecordMax);
  bool eof = false;
  while (true) {
    // poll ignores a negative fd: after a pipe's EOF only the stop fd is watched.
    pollfd fds[2] = {{eof ? -1 : fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if (fds[0].revents == 0) continue;
    // Read everything available, one record per read on /dev/kmsg.
    while (true) {
      ssize_t got = ::read(fd_, buf.data(), buf.size());
      if (got > 0) {
        std::vector<LogLine> lines;
        AppendChunk(partial_, buf.data(), static_cast<size_t>(got), &lines);
        if (lines.empty()) continue;
        lines_read_ += lines.size();
        std::lock_guard<std::mutex> lock(mu_);
        pending_.insert(pending_.end(), lines.begin(), lines.end());
        if (pending_.size() > kMaxPending) {
          lost_ += pending_.size() - kMaxPending;
          pending_.erase(pending_.begin(), pending_.end() - kMaxPending);
        }
        last_line_ = std::chrono::steady_clock::now();
        continue;
      }
      if (got < 0 && errno == EPIPE) {  // the ring buffer overwrote records we had not read
        ++lost_;
        continue;
      }
      if (got < 0 && errno == EINTR) continue;
      if (got == 0) eof = true;  // a pipe's writer closed
      break;
    }
  }
}

std::vector<KernelReport> KmsgWatcher::Drain(std::chrono::milliseconds settle) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<KernelReport> reports = FindReports(pending_);
  const bool quiet = std::chrono::steady_clock::now() - last_line_ >= settle;
  std::vector<KernelReport> out;
  size_t keep_from = pending_.size();
  for (KernelReport& r : reports) {
    if (!r.complete && !quiet) {
      // Still being printed: keep its lines (from its first one) for the next Drain.
      for (size_t i = pending_.size(); i-- > 0;) {
        if (pending_[i].text == r.lines.front() && pending_[i].ts_us == r.ts_us) {
          keep_from = i;
          break;
        }
      }
      break;
    }
    out.push_back(std::move(r));
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(keep_from));
  return out;
}

KmsgTail::KmsgTail() {
  fd_ = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ >= 0) ::lseek(fd_, 0, SEEK_END);
}

KmsgTail::~KmsgTail() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<std::string> KmsgTail::ReadNew() {
  std::vector<std::string> out;
  if (fd_ < 0) return out;
  std::vector<char> buf(kRecordMax);
  std::string partial;
  for (int i = 0; i < 10000; ++i) {
    ssize_t got = ::read(fd_, buf.data(), buf.size());
    if (got < 0 && errno == EPIPE) continue;
    if (got <= 0) break;
    std::vector<LogLine> lines;
    partial.clear();
    AppendChunk(partial, buf.data(), static_cast<size_t>(got), &lines);
    for (LogLine& l : lines) out.push_back(std::move(l.text));
  }
  return out;
}

}  // namespace fsfuzz
