// Latency histograms (see latency.h).
#include "stress/latency.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace fsfuzz::stress {

int LatencyHistogram::FineIndex(uint64_t ns) {
  if (ns < kSub) return static_cast<int>(ns);
  const int e = std::bit_width(ns) - 1;  // >= 3
  const int sub = static_cast<int>(ns >> (e - 3)) - kSub;
  return kSub + (e - 3) * kSub + sub;
}

void LatencyHistogram::FineBounds(int index, double* lo, double* hi) {
  if (index < kSub) {
    *lo = index, *hi = index + 1;
    return;
  }
  const int e = (index - kSub) / kSub + 3, sub = (index - kSub) % kSub;
  *lo = std::ldexp(kSub + sub, e - 3);
  *hi = std::ldexp(kSub + sub + 1, e - 3);
}

void LatencyHistogram::Add(uint64_t ns) {
  ++fine_[static_cast<size_t>(FineIndex(ns))];
  // Smallest k with ns <= 1000 * 2^k: the bucket (2^(k-1) us, 2^k us].
  const uint64_t us_up = ns == 0 ? 0 : (ns + 999) / 1000 - 1;
  const size_t k = std::min<size_t>(static_cast<size_t>(std::bit_width(us_up)), kCoarse - 1);
  ++coarse_[k];
  ++count_;
  max_ns_ = std::max(max_ns_, ns);
}

nlohmann::json LatencyHistogram::ToJson() const {
  auto sparse = [](const auto& a) {
    nlohmann::json out = nlohmann::json::array();
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i]) out.push_back({i, a[i]});
    }
    return out;
  };
  return {{"fine", sparse(fine_)}, {"coarse", sparse(coarse_)}, {"count", count_}, {"max_ns", max_ns_}};
}

bool LatencyHistogram::FromJson(const nlohmann::json& j) {
  auto load = [](const nlohmann::json& in, auto& a) {
    if (!in.is_array()) return false;
    for (const auto& pair : in) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_unsigned() || !pair[1].is_number_unsigned())
        return false;
      const uint64_t i = pair[0].get<uint64_t>();
      if (i >= a.size()) return false;
      a[i] = pair[1].get<uint64_t>();
    }
    return true;
  };
  *this = LatencyHistogram{};
  auto count = [&](const char* k) { return j.contains(k) && j[k].is_number_unsigned(); };
  if (!j.is_object() || !j.contains("fine") || !j.contains("coarse") || !count("count") || !count("max_ns")) return false;
  if (!load(j["fine"], fine_) || !load(j["coarse"], coarse_)) return false;
  count_ = j["count"].get<uint64_t>();
  max_ns_ = j["max_ns"].get<uint64_t>();
  return true;
}

void LatencyHistogram::Merge(const LatencyHistogram& o) {
  for (size_t i = 0; i < fine_.size(); ++i) fine_[i] += o.fine_[i];
  for (size_t i = 0; i < coarse_.size(); ++i) coarse_[i] += o.coarse_[i];
  count_ += o.count_;
  max_ns_ = std::max(max_ns_, o.max_ns_);
}

double LatencyHistogram::QuantileNs(double q) const {
  if (count_ == 0) return 0;
  const double rank = std::clamp(q, 0.0, 1.0) * static_cast<double>(count_);
  double below = 0;
  for (int i = 0; i < kFine; ++i) {
    const double n = static_cast<double>(fine_[static_cast<size_t>(i)]);
    if (n == 0) continue;
    if (below + n >= rank) {
      double lo, hi;
      FineBounds(i, &lo, &hi);
      const double v = lo + (hi - lo) * std::clamp((rank - below) / n, 0.0, 1.0);
      return std::min(v, static_cast<double>(max_ns_));
    }
    below += n;
  }
  return static_cast<double>(max_ns_);
}

reports::Latency LatencyHistogram::Summary() const {
  reports::Latency l;
  l.max = static_cast<double>(max_ns_) / 1000.0;
  l.p99 = std::min(QuantileNs(0.99) / 1000.0, l.max);
  l.p90 = std::min(QuantileNs(0.90) / 1000.0, l.p99);
  l.p50 = std::min(QuantileNs(0.50) / 1000.0, l.p90);
  return l;
}

reports::Histogram LatencyHistogram::PowerOfTwoUs() const {
  size_t last = 0;
  for (size_t k = 0; k < coarse_.size(); ++k) {
    if (coarse_[k]) last = k;
  }
  reports::Histogram h;
  for (size_t k = 0; k <= last; ++k) {
    h.bounds_us.push_back(std::ldexp(1.0, static_cast<int>(k)));
    h.counts.push_back(coarse_[k]);
  }
  return h;
}

}  // namespace fsfuzz::stress
