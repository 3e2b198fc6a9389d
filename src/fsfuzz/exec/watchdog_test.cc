// The watchdog on the simulated dio-map-hang: the report (stacks, op, trace so far), the
// run ending with "hang" when the test releases the op, and the exit code otherwise.
#include "src/fsfuzz/exec/watchdog.h"

#include <cstdio>

#include <gtest/gtest.h>

#include "src/fsfuzz/base/exit_codes.h"
#include "src/fsfuzz/exec/exec_test_util.h"
#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/exec/sim_backend.h"
#include "src/fsfuzz/exec/sim_bug_demos.h"

namespace fsfuzz {
namespace {

using namespace fsfuzz::testing;  // NOLINT

SimOptions HangBug() {
  SimOptions o;
  o.bugs.insert(SimBug::kDioMapHang);
  return o;
}

struct Seen {
  int calls = 0;
  HangReport report;
  size_t steps_so_far = 0;
};

ExecOptions ReleasingOptions(SimBackend& sim, Seen& seen) {
  ExecOptions o;
  o.deadline = std::chrono::milliseconds(200);
  o.exit_on_hang = false;
  o.on_hang = [&sim, &seen](const HangReport& r) {
    ++seen.calls;
    seen.report = r;
    seen.steps_so_far = r.trace_so_far ? r.trace_so_far->steps.size() : 0;
    seen.report.trace_so_far = nullptr;  // only valid during the call
    sim.ReleaseHangs();
  };
  return o;
}

TEST(Watchdog, ReportsAStuckSequentialOpAndTheRunEndsWithHang) {
  SimBackend sim(HangBug());
  Seen seen;
  Executor ex(sim, ReleasingOptions(sim, seen));
  const Program p = SimBugDemo(SimBug::kDioMapHang);  // mmap; dwrite buf=m0+8K
  Result<Trace> t = ex.Run(p);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(seen.calls, 1);
  EXPECT_EQ(seen.report.op_id, 2u);
  EXPECT_EQ(seen.report.step, 1u);
  EXPECT_EQ(seen.report.thread, 0);
  EXPECT_GE(seen.report.elapsed.count(), 200);
  EXPECT_EQ(seen.steps_so_far, 1u);  // the mmap step only
  const std::string& s = seen.report.stacks;
  EXPECT_NE(s.find("op #2"), std::string::npos) << s;
  EXPECT_NE(s.find("comm=fsfuzz-wdog"), std::string::npos) << s;
  EXPECT_NE(s.find("state="), std::string::npos);
  EXPECT_NE(s.find("wchan="), std::string::npos);
  // Kernel stacks where readable (root), or the reason they are not.
  EXPECT_TRUE(s.find("[<") != std::string::npos || s.find("stack unreadable") != std::string::npos) << s;
  EXPECT_FALSE(t->complete);
  EXPECT_EQ(t->stop_reason, "hang");
  EXPECT_EQ(t->steps.size(), 2u);  // the stuck step, recorded once it returned
  EXPECT_TRUE(t->drain);
}

TEST(Watchdog, ReportsAStuckRoundOpOnItsWorker) {
  SimBackend sim(HangBug());
  Seen seen;
  Executor ex(sim, ReleasingOptions(sim, seen));
  const Program p = Prog(16 * K, 1,
                         {Seq(Mmap(0, 0, 16 * K)), Seq(Write(0, 10)),
                          Round({Read(0, 10), DRead(0, 4 * K, InSlot(0, 8 * K))}), Seq(Write(0, 10))});
  Result<Trace> t = ex.Run(p);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(seen.calls, 1);
  // The stuck dread holds the file's lock, so a read that comes after it waits too: the
  // watchdog reports whichever started first.
  EXPECT_TRUE(seen.report.op_id == 3u || seen.report.op_id == 4u) << seen.report.op_id;
  EXPECT_EQ(seen.report.thread, seen.report.op_id - 2);
  EXPECT_EQ(seen.steps_so_far, 2u);
  const std::string& s = seen.report.stacks;
  EXPECT_NE(s.find("thread 2 (tid"), std::string::npos) << s;
  EXPECT_NE(s.find("op #4 of step 2"), std::string::npos) << s;
  EXPECT_NE(s.find("comm=fsfuzz-w2"), std::string::npos) << s;
  EXPECT_EQ(t->stop_reason, "hang");
  EXPECT_EQ(t->steps.size(), 3u);
  // A later program runs normally (the hang was released for good).
  t = ex.Run(p);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->complete);
  EXPECT_EQ(seen.calls, 1);
}

TEST(Watchdog, QuietWhenOpsFinishInTime) {
  SimBackend sim;
  Seen seen;
  Executor ex(sim, ReleasingOptions(sim, seen));
  Result<Trace> t = ex.Run(SimBugDemo(SimBug::kDioMapHang));
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->complete);
  EXPECT_EQ(seen.calls, 0);
}

TEST(WatchdogDeathTest, ExitsWithTheHangCode) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        SimBackend sim(HangBug());
        ExecOptions o;
        o.deadline = std::chrono::milliseconds(100);
        o.on_hang = [](const HangReport& r) {
          std::fprintf(stderr, "hang of op #%u written\n", r.op_id);
        };
        Executor ex(sim, o);
        (void)ex.Run(SimBugDemo(SimBug::kDioMapHang));
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(kExitHang), "hang of op #2 written");
}

TEST(Watchdog, DescribeTasksListsThisThread) {
  const std::string s = DescribeTasks();
  EXPECT_NE(s.find("task " + std::to_string(getpid())), std::string::npos) << s;
}

}  // namespace
}  // namespace fsfuzz
