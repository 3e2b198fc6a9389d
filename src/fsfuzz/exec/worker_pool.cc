// The round worker pool (see worker_pool.h).
#include "src/fsfuzz/exec/worker_pool.h"

#include <pthread.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>

namespace fsfuzz {

struct WorkerPool::Worker {
  int index = 0;  // 1-based: the trace's thread number
  std::atomic<int> tid{0};
  std::thread thread;
};

WorkerPool::WorkerPool(std::function<void()> prepare) : prepare_(std::move(prepare)) {}

WorkerPool::~WorkerPool() {
  // Stop is requested of every worker before any is joined.
  stop_.store(true);
  round_.store(((round_.load() >> 8) + 1) << 8);
  round_.notify_all();
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

int WorkerPool::Tid(int w) const {
  if (w < 1 || w > size()) return 0;
  return workers_[w - 1]->tid.load();
}

void WorkerPool::Loop(Worker* w, uint64_t seen) {
  w->tid.store(static_cast<int>(syscall(SYS_gettid)));
  const std::string name = "fsfuzz-w" + std::to_string(w->index);
  pthread_setname_np(pthread_self(), name.c_str());
  if (prepare_) prepare_();
  for (;;) {
    round_.wait(seen);
    seen = round_.load();
    if (stop_.load()) return;
    const int n = static_cast<int>(seen & 0xff);
    if (w->index > n) continue;  // not in this round
    // Meet the round's other workers, then go: they start within a yield of each other.
    arrived_.fetch_add(1);
    while (arrived_.load() < n) sched_yield();
    (*task_)(w->index - 1);
    if (done_.fetch_add(1) + 1 == n) done_.notify_one();
  }
}

void WorkerPool::Run(int n, const std::function<void(int)>& task) {
  if (n <= 0) return;
  if (n > kMaxRoundOps) n = kMaxRoundOps;
  const uint64_t cur = round_.load();
  while (size() < n) {
    auto w = std::make_unique<Worker>();
    w->index = size() + 1;
    Worker* raw = w.get();
    workers_.push_back(std::move(w));
    // A new worker starts from the round value before this release, so it cannot miss it.
    raw->thread = std::thread([this, raw, cur] { Loop(raw, cur); });
  }
  task_ = &task;
  arrived_.store(0);
  done_.store(0);
  round_.store((((cur >> 8) + 1) << 8) | static_cast<uint64_t>(n));
  // One word for every worker, woken all at once, even those not in the round (they go back
  // to sleep). Waking only the round's workers, one futex each, was tried (2026-12-06): 10%
  // less CPU, but the second worker started later and the xfs DIO collision of
  // corpus/dio-write-vs-mapped-store.fsp came 2 times in 50 instead of 16-23: a race
  // finder's worst trade.
  round_.notify_all();
  for (int d = done_.load(); d < n; d = done_.load()) done_.wait(d);
}

}  // namespace fsfuzz
