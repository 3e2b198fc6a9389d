// Lanes in processes of their own (`stress --threads N`, N > 1, unless `--lanes threads`).
//
// Why: lanes that are threads of one process share its page tables, so every munmap of one
// lane must flush the TLB of the CPU running another (an IPI each time), and the fsx mix,
// which maps and unmaps at every mapped access, ran slower on two lanes than on one
// (docs/stress.md). A process per lane has page tables of its own.
//
// How a child talks to the parent:
//  * LaneShared, in an anonymous shared mapping made before the fork: the stop flag, the
//    op total that --ops bounds, and per-lane counters for the progress line;
//  * a pipe of JSON lines: {"finding": F, "path": P} once the finding file is on disk (the
//    parent announces it and applies the per-signature cap), {"stats": S, "rss_mib": R}
//    about once a second and at the end, {"failure": M} when the lane gave up.
// A child never returns into its caller: it leaves by _exit (so the parent's teardown at
// exit cannot run in it), and it dies with the parent (PR_SET_PDEATHSIG), so a killed run
// leaves no lane running against a filesystem `fsfuzz cleanup` is about to remove.
#pragma once

#include <sys/types.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/finding/finding.h"
#include "stress/progress.h"

namespace fsfuzz::stress {

inline constexpr size_t kMaxLanes = 8;

// Lives in shared memory: lock-free atomics only.
struct LaneShared {
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> total_ops{0};
  struct PerLane {
    std::atomic<uint64_t> ops{0}, programs{0};
    std::array<std::atomic<uint64_t>, kNumFindingClasses> findings{};
  };
  std::array<PerLane, kMaxLanes> lane;
};
static_assert(std::atomic<uint64_t>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "lane counters are shared between processes");

// A child's end of its pipe.
class LaneChannel {
 public:
  explicit LaneChannel(int fd) : fd_(fd) {}
  // One line, written whole (a short write is retried; EINTR too). False when the parent
  // is gone.
  // Thread-safe: the watchdog's thread sends a hang finding while the lane's thread may
  // be sending too, and a line longer than PIPE_BUF is not written atomically.
  bool Send(const nlohmann::json& message);

 private:
  int fd_;
  std::mutex mu_;
};

// What the parent hears from a child.
struct LaneEvents {
  std::function<void(size_t lane, const std::string& path, const Finding& f)> on_finding;
  std::function<void(size_t lane, const nlohmann::json& stats, double rss_mib)> on_stats;
  std::function<void(size_t lane, const std::string& message)> on_failure;
};

class LaneProcesses {
 public:
  // Maps the shared counters. Nothing is forked yet.
  LaneProcesses();
  // Kills (SIGKILL) and reaps any child still running; unmaps the counters.
  ~LaneProcesses();
  LaneProcesses(const LaneProcesses&) = delete;
  LaneProcesses& operator=(const LaneProcesses&) = delete;

  LaneShared& shared() { return *shared_; }

  // Forks children 0..n-1; child k runs body(k, channel) and then _exit(0) (the body may
  // _exit itself, e.g. the watchdog with the hang exit code). Call with SIGINT/SIGTERM
  // blocked: the children keep them blocked, so only the parent takes them.
  Status Start(size_t n, const std::function<void(size_t, LaneChannel&)>& body);

  // Reads what the children sent and reaps those that ended (their pipe read to its end
  // first, so a message written just before _exit is never lost). Returns whether every
  // child has ended.
  bool Poll(const LaneEvents& events);

  // How child k ended: -1 while running; else its exit status, or 128 + signal.
  int ExitCode(size_t k) const { return k < children_.size() ? children_[k].exit_code : -1; }
  size_t size() const { return children_.size(); }
  // SIGKILL to every child still running (a hang in one lane ends the run).
  void KillAll();

 private:
  struct Child {
    pid_t pid = -1;
    int fd = -1;       // the pipe's read end (non-blocking)
    std::string partial;
    int exit_code = -1;
  };
  void Drain(size_t k, const LaneEvents& events);
  void Handle(size_t k, const std::string& line, const LaneEvents& events);

  LaneShared* shared_ = nullptr;
  std::vector<Child> children_;
};

}  // namespace fsfuzz::stress
