// The worker pool: lazy start, one thread per round slot, reuse, and clean joins.
#include "src/fsfuzz/exec/worker_pool.h"

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <set>

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

int Tid() { return static_cast<int>(syscall(SYS_gettid)); }

TEST(WorkerPool, StartsLazilyAndJoinsWhileIdle) {
  std::atomic<int> prepared{0};
  {
    WorkerPool pool([&] { ++prepared; });
    EXPECT_EQ(pool.size(), 0);
  }
  EXPECT_EQ(prepared.load(), 0);
  {
    WorkerPool pool([&] { ++prepared; });
    pool.Run(3, [](int) {});
    EXPECT_EQ(pool.size(), 3);
  }  // idle workers are stopped and joined here
  EXPECT_EQ(prepared.load(), 3);
}

TEST(WorkerPool, EachTaskRunsOnItsOwnReusedThread) {
  std::atomic<int> prepared{0};
  WorkerPool pool([&] { ++prepared; });
  std::mutex mu;
  std::vector<int> first(kMaxRoundOps, 0);
  pool.Run(kMaxRoundOps, [&](int i) {
    std::lock_guard<std::mutex> lk(mu);
    first[i] = Tid();
  });
  std::set<int> distinct(first.begin(), first.end());
  EXPECT_EQ(distinct.size(), static_cast<size_t>(kMaxRoundOps));
  EXPECT_EQ(distinct.count(Tid()), 0u);
  for (int i = 0; i < kMaxRoundOps; ++i) EXPECT_EQ(pool.Tid(i + 1), first[i]);
  // Later rounds reuse the same threads, whatever their size.
  for (int round = 0; round < 2000; ++round) {
    const int n = 1 + round % kMaxRoundOps;
    std::atomic<int> ran{0};
    std::atomic<bool> same{true};
    pool.Run(n, [&](int i) {
      if (Tid() != first[i]) same = false;
      ++ran;
    });
    ASSERT_EQ(ran.load(), n);
    ASSERT_TRUE(same.load());
  }
  EXPECT_EQ(prepared.load(), kMaxRoundOps);
}

TEST(WorkerPool, OpsOfARoundRunAtTheSameTimeWhateverThePoolSize) {
  // Each op waits inside its task until every op of the round has started: ops run one
  // after another on one thread would never get there.
  WorkerPool pool;
  pool.Run(kMaxRoundOps, [](int) {});
  for (int round = 0; round < 1000; ++round) {
    const int n = 2 + round % (kMaxRoundOps - 1);
    std::atomic<int> started{0};
    std::atomic<bool> all{true};
    pool.Run(n, [&](int) {
      started.fetch_add(1);
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
      while (started.load() < n) {
        if (std::chrono::steady_clock::now() > until) {
          all = false;
          return;
        }
        sched_yield();
      }
    });
    ASSERT_TRUE(all.load()) << "round " << round << " of " << n;
  }
}

TEST(WorkerPool, GrowsWhenALargerRoundComes) {
  WorkerPool pool;
  std::atomic<int> ran{0};
  pool.Run(2, [&](int) { ++ran; });
  EXPECT_EQ(pool.size(), 2);
  pool.Run(5, [&](int) { ++ran; });
  EXPECT_EQ(pool.size(), 5);
  pool.Run(1, [&](int) { ++ran; });
  EXPECT_EQ(ran.load(), 8);
}

}  // namespace
}  // namespace fsfuzz
