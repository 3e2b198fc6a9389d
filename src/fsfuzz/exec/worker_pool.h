// Round workers: threads created on first use and reused for every round of every program,
// released together so a round's ops start as close to each other as possible.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {

class WorkerPool {
 public:
  // `prepare` runs once on each worker thread before its first task (Backend::PrepareThread).
  explicit WorkerPool(std::function<void()> prepare = {});
  // Requests stop on every worker, wakes them all, then joins (idle or not, it returns once
  // running tasks have returned).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs task(i) on worker i+1 for i in [0, n), 1 <= n <= kMaxRoundOps, and returns when
  // all have returned. Workers start lazily here. Not reentrant (one caller at a time).
  void Run(int n, const std::function<void(int)>& task);

  // Workers started so far.
  int size() const { return static_cast<int>(workers_.size()); }
  // The kernel thread id of worker w (1-based), 0 before it published it.
  int Tid(int w) const;

 private:
  struct Worker;
  void Loop(Worker* w, uint64_t seen);

  std::function<void()> prepare_;
  std::vector<std::unique_ptr<Worker>> workers_;
  // The current round as (generation << 8 | workers in it); a new value releases a round
  // (or wakes everyone for stop). One word, so a worker never pairs one round's
  // generation with another's size.
  std::atomic<uint64_t> round_{0};
  std::atomic<bool> stop_{false};
  // The current round's task: written before round_ is released, and not again until
  // every worker of the round is done, so those workers read it race-free.
  const std::function<void(int)>* task_ = nullptr;
  std::atomic<int> arrived_{0};  // spin barrier: released workers meet here before starting
  std::atomic<int> done_{0};
};

}  // namespace fsfuzz
