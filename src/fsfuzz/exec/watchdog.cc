// The liveness watchdog (see watchdog.h).
#include "src/fsfuzz/exec/watchdog.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "src/fsfuzz/base/exit_codes.h"

namespace fsfuzz {
namespace {

// Reads a small /proc file with plain syscalls (no iostreams: the process may be wedged).
std::optional<std::string> ReadProc(const std::string& path, int* err) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *err = errno;
    return std::nullopt;
  }
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t r = read(fd, buf, sizeof buf);
    if (r < 0) {
      *err = errno;
      close(fd);
      return std::nullopt;
    }
    if (r == 0) break;
    out.append(buf, static_cast<size_t>(r));
  }
  close(fd);
  return out;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

int CurrentTid() {
  thread_local const int tid = static_cast<int>(syscall(SYS_gettid));
  return tid;
}

}  // namespace

std::string DescribeTasks() {
  std::vector<int> tids;
  if (DIR* d = opendir("/proc/self/task")) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] >= '0' && e->d_name[0] <= '9') tids.push_back(std::atoi(e->d_name));
    }
    closedir(d);
  }
  std::sort(tids.begin(), tids.end());
  std::string out;
  for (int tid : tids) {
    const std::string base = "/proc/self/task/" + std::to_string(tid) + "/";
    int err = 0;
    std::string comm = Trim(ReadProc(base + "comm", &err).value_or("?"));
    std::string state = "?";
    if (auto stat = ReadProc(base + "stat", &err)) {
      // "tid (comm) S ...": the state follows the last ')' (comm may hold parentheses).
      size_t p = stat->rfind(')');
      if (p != std::string::npos && p + 2 < stat->size()) state = stat->substr(p + 2, 1);
    }
    std::string wchan = Trim(ReadProc(base + "wchan", &err).value_or("?"));
    out += "task " + std::to_string(tid) + " comm=" + comm + " state=" + state +
           " wchan=" + (wchan.empty() ? "0" : wchan) + "\n";
    err = 0;
    if (auto stack = ReadProc(base + "stack", &err)) {
      out += *stack;
      if (!stack->empty() && stack->back() != '\n') out += "\n";
    } else if (geteuid() != 0) {
      out += "  stack unreadable: not root\n";
    } else {
      out += std::string("  stack unreadable: ") + std::strerror(err) + "\n";
    }
  }
  return out;
}

Watchdog::Watchdog(Config config, const Trace* trace, std::mutex* trace_mu)
    : config_(std::move(config)), trace_(trace), trace_mu_(trace_mu) {
  thread_ = std::thread([this] { Loop(); });
}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lk(stop_mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

void Watchdog::Begin(int thread, size_t step, uint32_t op_id, int64_t start_ns) {
  Published& p = slots_[thread];
  // A seqlock of sorts: start_ns is 0 (End) before the fields change and set after, so a
  // reader that sees the same start before and after reading the fields read this op's.
  std::atomic_thread_fence(std::memory_order_release);
  p.tid.store(CurrentTid(), std::memory_order_relaxed);
  p.step.store(step, std::memory_order_relaxed);
  p.op_id.store(op_id, std::memory_order_relaxed);
  p.start_ns.store(start_ns, std::memory_order_release);
}

void Watchdog::Loop() {
  pthread_setname_np(pthread_self(), "fsfuzz-wdog");
  const int64_t deadline_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(config_.deadline).count();
  const auto poll = std::clamp(config_.deadline / 10, std::chrono::milliseconds(1),
                               std::chrono::milliseconds(100));
  std::unique_lock<std::mutex> lk(stop_mu_);
  while (!stop_cv_.wait_for(lk, poll, [this] { return stop_; })) {
    if (fired_.load()) continue;
    const int64_t now = NowNs();
    // Report the op late for longest: in a round, the others may only wait on it.
    int late = -1;
    int64_t late_start = 0;
    size_t late_step = 0;
    uint32_t late_op = 0;
    for (int t = 0; t <= kMaxRoundOps; ++t) {
      Published& p = slots_[t];
      const int64_t start = p.start_ns.load(std::memory_order_acquire);
      if (start == 0 || now - start <= deadline_ns || (late >= 0 && start >= late_start)) continue;
      const size_t step = p.step.load(std::memory_order_relaxed);
      const uint32_t op_id = p.op_id.load(std::memory_order_relaxed);
      // The op changed while we looked: not the one that was late.
      std::atomic_thread_fence(std::memory_order_acquire);
      if (p.start_ns.load(std::memory_order_relaxed) != start) continue;
      late = t;
      late_start = start;
      late_step = step;
      late_op = op_id;
    }
    if (late < 0) continue;
    lk.unlock();
    Fire(late, late_step, late_op, now - late_start);
    lk.lock();
  }
}

void Watchdog::Fire(int thread, size_t step, uint32_t op_id, int64_t elapsed_ns) {
  HangReport r;
  r.step = step;
  r.op_id = op_id;
  r.thread = static_cast<uint8_t>(thread);
  r.elapsed = std::chrono::milliseconds(elapsed_ns / 1000000);
  std::string who;
  for (int t = 0; t <= kMaxRoundOps; ++t) {
    const Published& p = slots_[t];
    const int64_t start = p.start_ns.load();
    if (start == 0) continue;
    who += "thread " + std::to_string(t) + " (tid " + std::to_string(p.tid.load()) + "): " +
           (p.op_id.load() ? "op #" + std::to_string(p.op_id.load()) : std::string("views/drain")) +
           " of step " + std::to_string(p.step.load()) + ", running for " +
           std::to_string((NowNs() - start) / 1000000) + " ms\n";
  }
  r.stacks = who + DescribeTasks();
  Trace so_far;
  {
    std::lock_guard<std::mutex> lk(*trace_mu_);
    so_far.env = trace_->env;
    so_far.steps = trace_->steps;
  }
  so_far.complete = false;
  so_far.stop_reason = "hang";
  r.trace_so_far = &so_far;
  // Before on_hang: a test's on_hang releases the stuck op, and the executor must see the
  // hang as soon as that op returns.
  fired_.store(true);
  if (config_.on_hang) {
    config_.on_hang(r);
  } else {
    std::fprintf(stderr, "fsfuzz: hang: op #%u (step %zu, thread %d) running for %lld ms\n%s",
                 r.op_id, r.step, thread, static_cast<long long>(r.elapsed.count()),
                 r.stacks.c_str());
  }
  // A thread stuck in the kernel may make any other way out impossible.
  if (config_.exit_on_hang) _exit(kExitHang);
}

}  // namespace fsfuzz
