// The liveness watchdog: a thread sharing no lock with the workers that notices an op past
// its deadline, records every task's kernel stack, reports the hang and (normally) exits.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {

// Every task of this process: tid, comm, state, wchan and /proc/self/task/TID/stack
// ("stack unreadable: not root" where the kernel refuses).
std::string DescribeTasks();

class Watchdog {
 public:
  struct Config {
    std::chrono::milliseconds deadline{10000};
    std::function<void(const HangReport&)> on_hang;  // unset: print to stderr
    bool exit_on_hang = true;                        // _exit(kExitHang) after on_hang
  };
  // `trace`/`trace_mu`: the executor's trace; the watchdog copies its completed steps
  // under trace_mu, which the executor holds only briefly and never across a syscall.
  Watchdog(Config config, const Trace* trace, std::mutex* trace_mu);
  ~Watchdog();  // stops and joins the watchdog thread
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Thread `thread` (0: main, 1..kMaxRoundOps: workers) publishes what it runs from
  // start_ns (steady clock); op_id 0 stands for the executor's own views and drain. Called
  // by that thread only; lock-free.
  void Begin(int thread, size_t step, uint32_t op_id, int64_t start_ns);
  void End(int thread) { slots_[thread].start_ns.store(0, std::memory_order_release); }

  // A hang was reported (only seen when exit_on_hang is false).
  bool fired() const { return fired_.load(); }
  // Allows the next hang to be reported (a new program).
  void Rearm() { fired_.store(false); }

  static int64_t NowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

 private:
  struct Published {
    std::atomic<int64_t> start_ns{0};  // 0: idle
    std::atomic<uint64_t> step{0};
    std::atomic<uint32_t> op_id{0};
    std::atomic<int> tid{0};
  };
  void Loop();
  void Fire(int thread, size_t step, uint32_t op_id, int64_t elapsed_ns);

  Config config_;
  const Trace* trace_;
  std::mutex* trace_mu_;
  std::array<Published, kMaxRoundOps + 1> slots_;
  std::atomic<bool> fired_{false};
  // Only the watchdog thread and the destructor use these.
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace fsfuzz
