// Latency distribution of one op kind: a log-linear histogram (8 buckets per power of
// two, so percentiles are within 12.5%) plus exact power-of-two microsecond buckets for
// the summary's `histogram` field (docs/summary-schema.md). Constant memory per kind.
#pragma once

#include <array>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "reports/summary.h"

namespace fsfuzz::stress {

class LatencyHistogram {
 public:
  void Add(uint64_t ns);
  void Merge(const LatencyHistogram& other);

  uint64_t count() const { return count_; }
  uint64_t max_ns() const { return max_ns_; }
  // The q-quantile (0 < q <= 1) in ns, interpolated inside its bucket and never above max.
  double QuantileNs(double q) const;

  // p50/p90/p99/max in microseconds (monotone by construction).
  reports::Latency Summary() const;
  // bounds_us = 1, 2, 4, ... up to the last non-empty bucket; counts[k] holds the ops in
  // (bounds_us[k-1], bounds_us[k]].
  reports::Histogram PowerOfTwoUs() const;

  // Non-empty buckets as [index, count] pairs: a lane in a process of its own sends its
  // histograms to the parent this way (stress/lane_process.h).
  nlohmann::json ToJson() const;
  // False when j is not what ToJson makes (bucket index out of range, wrong types).
  bool FromJson(const nlohmann::json& j);

 private:
  static constexpr int kSub = 8;                       // buckets per power of two
  static constexpr int kFine = kSub + 61 * kSub;       // values up to 2^64 ns
  static constexpr int kCoarse = 48;                   // 2^47 us is more than a day
  static int FineIndex(uint64_t ns);
  static void FineBounds(int index, double* lo, double* hi);

  std::array<uint64_t, kFine> fine_{};
  std::array<uint64_t, kCoarse> coarse_{};
  uint64_t count_ = 0;
  uint64_t max_ns_ = 0;
};

}  // namespace fsfuzz::stress
