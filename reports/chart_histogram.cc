// Latency histograms as small multiples: a panel per op kind, a line per filesystem
// giving the share of its ops in each bucket, on one shared log time axis (see charts.h).
#include <algorithm>
#include <cmath>

#include "reports/charts.h"
#include "reports/format.h"
#include "reports/report_order.h"
#include "reports/svg.h"

namespace fsfuzz::reports {
namespace {

constexpr double kWidth = 1200;
constexpr int kColumns = 4;
constexpr double kPanelW = kWidth / kColumns, kPanelH = 132;
constexpr double kTop = 30, kPadL = 40, kPadR = 14, kPadT = 20, kPadB = 30;
constexpr const char* kMicro = "\xC2\xB5";

// Bucket i spans (lower, upper]; the overflow bucket is drawn one doubling wide.
double Lower(const Histogram& h, size_t i) { return i == 0 ? h.bounds_us[0] / 2 : h.bounds_us[i - 1]; }
double Upper(const Histogram& h, size_t i) { return i < h.bounds_us.size() ? h.bounds_us[i] : h.bounds_us.back() * 2; }

uint64_t Total(const Histogram& h) {
  uint64_t n = 0;
  for (uint64_t c : h.counts) n += c;
  return n;
}

const Histogram* HistogramOf(const FsResult& f, const std::string& op) {
  const OpKindStats* o = OpKind(f, op);
  if (o == nullptr || !o->histogram || o->histogram->bounds_us.empty() || Total(*o->histogram) == 0) return nullptr;
  return &*o->histogram;
}

}  // namespace

std::string HistogramChart(const Summary& s) {
  const std::vector<const FsResult*> fss = FilesystemsWithFigures(s);
  std::vector<std::string> ops;
  double lo = 0, hi = 0;
  for (const std::string& op : OpKindsOf(s)) {
    bool any = false;
    for (const FsResult* f : fss) {
      const Histogram* h = HistogramOf(*f, op);
      if (h == nullptr) continue;
      any = true;
      for (size_t i = 0; i < h->counts.size(); ++i) {
        if (h->counts[i] == 0) continue;
        lo = lo == 0 ? Lower(*h, i) : std::min(lo, Lower(*h, i));
        hi = std::max(hi, Upper(*h, i));
      }
    }
    if (any) ops.push_back(op);
  }
  if (ops.empty()) return "";
  const std::vector<double> ticks = DecadeTicks(lo, hi);
  const size_t rows = (ops.size() + kColumns - 1) / kColumns;
  const double height = kTop + kPanelH * static_cast<double>(rows) + 24;
  Svg svg(kHistogramChartId, kWidth, height, "Latency histograms per op kind: share of ops per bucket");

  for (size_t p = 0; p < ops.size(); ++p) {
    const double px = kPanelW * static_cast<double>(p % kColumns);
    const double py = kTop + kPanelH * static_cast<double>(p / kColumns);
    const double l = px + kPadL, r = px + kPanelW - kPadR, t = py + kPadT, b = py + kPanelH - kPadB;
    const LogScale x_of{ticks.front(), ticks.back(), l, r};
    // Each panel scales to its own tallest bucket: the shapes matter, not the heights.
    double peak = 0;
    for (const FsResult* f : fss) {
      if (const Histogram* h = HistogramOf(*f, ops[p])) {
        for (uint64_t c : h->counts) peak = std::max(peak, static_cast<double>(c) / static_cast<double>(Total(*h)));
      }
    }
    const LinearScale y_of{0, peak, b, t};
    svg.Text(l, py + 13, ops[p], "start", 11, "#222", 0, "bold");
    // A label on every decade where they fit, else on every second or third.
    const double decade = (r - l) / static_cast<double>(ticks.size() - 1);
    const size_t every = static_cast<size_t>(std::ceil(TextWidth("100 ms", 9) / (decade - 6)));
    for (size_t k = 0; k < ticks.size(); ++k) {
      svg.Line(x_of(ticks[k]), t, x_of(ticks[k]), b, "#e3e3e3");
      if (k % every == 0) svg.Text(x_of(ticks[k]), b + 12, FormatMicros(ticks[k], kMicro), "middle", 9);
    }
    svg.Text(l - 4, t + 8, std::to_string(static_cast<int>(std::lround(peak * 100))) + "%", "end", 9);
    svg.Text(l - 4, b, "0", "end", 9);
    svg.Line(l, t, l, b, "#444");
    svg.Line(l, b, r, b, "#444");
    for (size_t i = 0; i < fss.size(); ++i) {
      const Histogram* h = HistogramOf(*fss[i], ops[p]);
      if (h == nullptr) continue;
      const double total = static_cast<double>(Total(*h));
      // From the bucket before the first non-empty one to the one after the last: long
      // runs of empty buckets would only trace the axis.
      size_t first = 0, last = h->counts.size() - 1;
      while (h->counts[first] == 0) ++first;
      while (h->counts[last] == 0) --last;
      first = first > 0 ? first - 1 : 0;
      last = std::min(last + 1, h->counts.size() - 1);
      std::vector<double> xy;
      for (size_t k = first; k <= last; ++k) {
        xy.push_back(x_of(std::sqrt(Lower(*h, k) * Upper(*h, k))));
        xy.push_back(y_of(static_cast<double>(h->counts[k]) / total));
      }
      svg.Polyline(xy, FsColour(i));
    }
  }
  std::vector<std::string> names;
  for (const FsResult* f : fss) names.push_back(f->name);
  Legend(svg, kPadL, 8, names);
  svg.Text(kWidth / 2, height - 6, "latency per op (log scale); y: share of the op kind's ops in each bucket",
           "middle");
  return svg.Finish();
}

}  // namespace fsfuzz::reports
