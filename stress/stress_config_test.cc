// Tests of stress settings: mixes, bounds, rounds per thread count.
#include "stress/stress_config.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/prog/op_table.h"

namespace fsfuzz::stress {
namespace {

int Weight(const GenOptions& o, OpKind k) { return o.weights[static_cast<size_t>(k)]; }

TEST(StressConfig, PresetsAndOverrides) {
  StressConfig c;
  c.duration_s = 1;
  c.mix = "fsx";
  auto o = MakeGenOptions(c);
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->map_per_op);
  EXPECT_EQ(Weight(*o, OpKind::kWrite), 0);
  EXPECT_EQ(o->max_file_size, 1u << 20);

  c.mix = "fsx,truncate=0,write=3";
  o = MakeGenOptions(c);
  ASSERT_TRUE(o.ok());
  EXPECT_TRUE(o->map_per_op);
  EXPECT_EQ(Weight(*o, OpKind::kTruncate), 0);
  EXPECT_EQ(Weight(*o, OpKind::kWrite), 3);

  c.mix = "dwrite=5";
  o = MakeGenOptions(c);
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o->map_per_op);
  EXPECT_EQ(Weight(*o, OpKind::kDWrite), 5);

  for (const char* bad : {"nosuch", "dwrite=x", "fsx,nosuch=1"}) {
    c.mix = bad;
    auto r = MakeGenOptions(c);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().kind(), ErrorKind::kUsage);
    }
  }
}

TEST(StressConfig, ThreadsSetRoundWidth) {
  StressConfig c;
  c.ops_limit = 10;
  c.threads = 1;
  auto o = MakeGenOptions(c);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->round_prob, 0);
  c.threads = 4;
  o = MakeGenOptions(c);
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->max_round_ops, 4);
  EXPECT_GT(o->round_prob, 0);
}

TEST(StressConfig, Validates) {
  StressConfig c;
  EXPECT_EQ(Validate(c).kind(), ErrorKind::kUsage);  // no bound
  c.duration_s = 1;
  EXPECT_TRUE(Validate(c).ok());
  c.threads = 0;
  EXPECT_FALSE(Validate(c).ok());
  c.threads = 9;
  EXPECT_FALSE(Validate(c).ok());
}

TEST(StressConfig, AutoStepsGrowWithTheFile) {
  EXPECT_EQ(AutoSteps(1 << 20, true), 512);
  EXPECT_EQ(AutoSteps(4096, true), 512);
  EXPECT_EQ(AutoSteps(1 << 20, false), 32);
  EXPECT_GT(AutoSteps(64ull << 20, true), AutoSteps(1 << 20, true));
  EXPECT_LE(AutoSteps(1ull << 30, true), 40000);
  EXPECT_LE(AutoSteps(1ull << 30, false), 2000);
}

TEST(StressConfig, LargeFilesAreCheckedWholeAtProgramEnds) {
  StressConfig c;
  c.ops_limit = 1;
  c.mix = "fsx";
  auto small = MakeGenOptions(c);
  c.file_size = 16ull << 20;
  auto mid = MakeGenOptions(c);
  c.file_size = 256ull << 20;
  auto large = MakeGenOptions(c);
  ASSERT_TRUE(small.ok() && mid.ok() && large.ok());
  EXPECT_GT(small->check_prob, 0);
  EXPECT_LE(small->check_prob, 1.0 / small->num_steps);
  EXPECT_GT(mid->check_prob, 0);
  EXPECT_LE(mid->check_prob * mid->num_steps, 1.0 / 16 + 1e-9);  // one check in 16 programs
  EXPECT_EQ(large->check_prob, 0);
  EXPECT_EQ(large->sparse_prob, 1);
  EXPECT_EQ(large->max_file_size, 256ull << 20);
}

}  // namespace
}  // namespace fsfuzz::stress
