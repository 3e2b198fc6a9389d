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
  // The generation of the last round this worker was released for (or woken to stop).
  // 32 bits: std::atomic<int>::wait is a plain futex on it, not libstdc++'s shared pool.
  std::atomic<uint32_t> go{0};
  std::thread thread;
};

WorkerPool::WorkerPool(std::function<void()> prepare) : prepare_(std::move(prepare)) {}

WorkerPool::~WorkerPool() {
  // Stop is requested of every worker before any is joined.
  stop_.store(true);
  for (auto& w : workers_) {
    w->go.fetch_add(1);
    w->go.notify_one();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

int WorkerPool::Tid(int w) const {
  if (w < 1 || w > size()) return 0;
  return workers_[w - 1]->tid.load();
}

void WorkerPool::Loop(Worker* w) {
  w->tid.store(static_cast<int>(syscall(SYS_gettid)));
  const std::string name = "fsfuzz-w" + std::to_string(w->index);
  pthread_setname_np(pthread_self(), name.c_str());
  if (prepare_) prepare_();
  uint32_t seen = 0;
  for (;;) {
    w->go.wait(seen);
    seen = w->go.load();
    if (stop_.load()) return;
    const int n = n_;  // published before go (release/acquire through go)
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
  while (size() < n) {
    auto w = std::make_unique<Worker>();
    w->index = size() + 1;
    Worker* raw = w.get();
    workers_.push_back(std::move(w));
    // A new worker waits for go to leave 0, so it cannot miss the release below.
    raw->thread = std::thread([this, raw] { Loop(raw); });
  }
  task_ = &task;
  n_ = n;
  arrived_.store(0);
  done_.store(0);
  ++gen_;
  for (int i = 0; i < n; ++i) {
    workers_[i]->go.store(gen_);
    workers_[i]->go.notify_one();
  }
  for (int d = done_.load(); d < n; d = done_.load()) done_.wait(d);
}

}  // namespace fsfuzz
