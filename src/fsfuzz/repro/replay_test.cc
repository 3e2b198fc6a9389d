// Replays on the simulator: every simulated bug's demo reproduces at rate 1 with the bug
// and never without it; a simulated hang is released and reported; the rate predicate
// stops as soon as the answer is known.
#include "src/fsfuzz/repro/rate.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/exec/sim_bug_demos.h"
#include "src/fsfuzz/repro/test_util.h"

namespace fsfuzz {
namespace {

std::unique_ptr<Replayer> Sim(SimBugSet bugs, std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
  TargetSpec spec;
  spec.kind = TargetSpec::Kind::kSim;
  spec.sim.bugs = std::move(bugs);
  ReplayOptions o;
  o.deadline = deadline;
  auto r = Replayer::Open(spec, o);
  EXPECT_TRUE(r.ok());
  return r.ok() ? std::move(*r) : nullptr;
}

TEST(Replay, EverySimulatedBugReproducesAtRateOneAndOnlyWithTheBug) {
  for (const SimBugInfo* b = SimBugTable(); b != SimBugTable() + kNumSimBugs; ++b) {
    SCOPED_TRACE(std::string(b->name));
    const auto deadline = std::chrono::milliseconds(b->bug == SimBug::kDioMapHang ? 100 : 10000);
    const Program p = SimBugDemo(b->bug);
    auto with = Sim({b->bug}, deadline);
    ReplayRun first = with->Run(p);
    ASSERT_FALSE(first.verdict.findings.empty());
    const Finding want = first.verdict.findings[0];
    RateReport r = MeasureRate(*with, p, 3, &want, MatchRule::kSignature);
    EXPECT_EQ(r.reproduced, 3u);
    EXPECT_EQ(r.rate(), 1.0);
    ASSERT_TRUE(r.match);
    auto without = Sim({});
    RateReport clean = MeasureRate(*without, p, 2, &want, MatchRule::kClass);
    EXPECT_EQ(clean.reproduced, 0u);
    EXPECT_EQ(clean.clean, 2u);
    EXPECT_TRUE(clean.seen.empty());
  }
}

TEST(Replay, SimulatedHangIsReleasedAndReportedWithStacks) {
  auto r = Sim({SimBug::kDioMapHang}, std::chrono::milliseconds(100));
  ReplayRun run = r->Run(SimBugDemo(SimBug::kDioMapHang));
  ASSERT_FALSE(run.verdict.findings.empty());
  const Finding& f = run.verdict.findings[0];
  EXPECT_EQ(f.cls, FindingClass::kHang);
  EXPECT_EQ(f.op_id, 2u);
  EXPECT_EQ(f.title, "INFO: task hung in dwrite(buf=map) on dio-map-hang");
  EXPECT_TRUE(f.evidence.contains("stacks"));
  EXPECT_EQ(run.trace.stop_reason, "hang");
  // The next run has a fresh simulator, so it hangs (and is released) again.
  EXPECT_EQ(r->Run(SimBugDemo(SimBug::kDioMapHang)).verdict.findings.at(0).cls, FindingClass::kHang);
}

TEST(Replay, RateOracleStopsAsSoonAsTheAnswerIsKnown) {
  const Program p = SimBugDemo(SimBug::kTornWrite);
  auto r = Sim({SimBug::kTornWrite});
  const Finding want = r->Run(p).verdict.findings.at(0);
  RateOracle yes(*r, want, MatchRule::kSignature, 10, 3);
  EXPECT_TRUE(yes(p));
  EXPECT_EQ(yes.replays(), 3u);  // three hits of three: enough
  ASSERT_TRUE(yes.last_match());
  auto clean = Sim({});
  RateOracle no(*clean, want, MatchRule::kSignature, 10, 3);
  EXPECT_FALSE(no(p));
  EXPECT_EQ(no.replays(), 8u);  // after 8 misses, 2 runs cannot make 3 hits
}

TEST(Replay, NeededHits) {
  EXPECT_EQ(NeededHits(1.0, 0.3, 10), 3u);
  EXPECT_EQ(NeededHits(0.2, 0.3, 10), 1u);
  EXPECT_EQ(NeededHits(0.5, 1.0, 10), 5u);
  EXPECT_EQ(NeededHits(0.0, 0.3, 10), 1u);
}

TEST(Match, RulesCompareClassAndOpKindsNotTheFilesystem) {
  Finding a;
  a.cls = FindingClass::kDataMismatch;
  a.op_kinds = {"dwrite", "touch_write", "read"};
  a.fs = "ext4";
  Finding b = a;
  b.fs = "xfs";
  EXPECT_TRUE(Matches(a, b, MatchRule::kSignature));
  EXPECT_EQ(SignatureOn(a, "xfs"), b.Signature());
  b.op_kinds = {"dwrite"};
  EXPECT_FALSE(Matches(a, b, MatchRule::kSignature));
  EXPECT_TRUE(Matches(a, b, MatchRule::kKinds));
  b.op_kinds = {"truncate"};
  EXPECT_FALSE(Matches(a, b, MatchRule::kKinds));
  EXPECT_TRUE(Matches(a, b, MatchRule::kClass));
  b.cls = FindingClass::kSizeMismatch;
  EXPECT_FALSE(Matches(a, b, MatchRule::kClass));
  MatchRule r;
  EXPECT_TRUE(MatchRuleFromName("kinds", &r));
  EXPECT_EQ(r, MatchRule::kKinds);
  EXPECT_FALSE(MatchRuleFromName("vibes", &r));
}

}  // namespace
}  // namespace fsfuzz
