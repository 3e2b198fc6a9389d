// Tests of the latency histogram: quantiles within a bucket's width, exact coarse buckets.
#include "stress/latency.h"

#include <gtest/gtest.h>

namespace fsfuzz::stress {
namespace {

TEST(Latency, QuantilesOfAUniformSpread) {
  LatencyHistogram h;
  for (uint64_t v = 1; v <= 100000; ++v) h.Add(v * 10);  // 10 ns .. 1 ms
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_EQ(h.max_ns(), 1000000u);
  EXPECT_NEAR(h.QuantileNs(0.5), 500000, 500000 * 0.125);
  EXPECT_NEAR(h.QuantileNs(0.99), 990000, 990000 * 0.125);
  const reports::Latency l = h.Summary();
  EXPECT_LE(l.p50, l.p90);
  EXPECT_LE(l.p90, l.p99);
  EXPECT_LE(l.p99, l.max);
  EXPECT_DOUBLE_EQ(l.max, 1000);
}

TEST(Latency, SingleValueIsExactAtTheTop) {
  LatencyHistogram h;
  h.Add(1234);
  EXPECT_LE(h.QuantileNs(0.5), 1234);
  EXPECT_DOUBLE_EQ(h.Summary().max, 1.234);
  EXPECT_DOUBLE_EQ(LatencyHistogram().QuantileNs(0.5), 0);
}

TEST(Latency, CoarseBucketsArePowersOfTwoMicroseconds) {
  LatencyHistogram h;
  h.Add(0);        // (0, 1us]
  h.Add(1000);     // (0, 1us]
  h.Add(1001);     // (1us, 2us]
  h.Add(2000);     // (1us, 2us]
  h.Add(5000);     // (4us, 8us]
  const reports::Histogram c = h.PowerOfTwoUs();
  ASSERT_EQ(c.bounds_us.size(), 4u);
  EXPECT_EQ(c.bounds_us, (std::vector<double>{1, 2, 4, 8}));
  EXPECT_EQ(c.counts, (std::vector<uint64_t>{2, 2, 0, 1}));
}

TEST(Latency, MergeAddsUp) {
  LatencyHistogram a, b;
  a.Add(10);
  b.Add(1u << 30);
  a.Merge(b);
  EXPECT_EQ(a.count(), 2u);
  EXPECT_EQ(a.max_ns(), 1u << 30);
  EXPECT_GT(a.QuantileNs(1.0), 1e9 * 0.8);
}

}  // namespace
}  // namespace fsfuzz::stress
