// The latency chart: per op kind, one row per filesystem with its p50, p99 and max on a
// log time axis, so tails that differ by decades stay comparable (see charts.h).
#include <algorithm>

#include "reports/charts.h"
#include "reports/format.h"
#include "reports/report_order.h"
#include "reports/svg.h"

namespace fsfuzz::reports {
namespace {

constexpr double kWidth = 1200;
constexpr double kLeft = 130, kRight = 24;
constexpr double kRow = 10, kGap = 8;       // px per filesystem row, px between op kinds
constexpr const char* kMicro = "\xC2\xB5";  // the micro sign in UTF-8
constexpr double kKeyWidth = 260;           // the marker key, top right

void Diamond(Svg& svg, double x, double y, double r, const char* fill, const std::string& tip) {
  svg.Polygon({x, y - r, x + r, y, x, y + r, x - r, y}, fill, tip);
}

// The marker key at the top right: what the dot, the diamond and the bar mean.
void MarkerKey(Svg& svg, double right, double y) {
  double x = right - kKeyWidth + 10;
  svg.Line(x, y, x + 40, y, "#666", 1.5);
  svg.Circle(x, y, 3.5, "#666");
  Diamond(svg, x + 24, y, 4.5, "#666", "");
  svg.Rect(x + 39, y - 5, 2.5, 10, "#666");
  svg.Text(x + 50, y + 4, "dot: p50, diamond: p99, bar: max");
}

std::string Tooltip(const FsResult& f, const OpKindStats& o) {
  const Latency& l = *o.latency_us;
  const std::string us = std::string(" ") + kMicro + "s";
  return f.name + " " + o.op + ": p50 " + FormatFigure(l.p50) + us + ", p90 " + FormatFigure(l.p90) + us + ", p99 " +
         FormatFigure(l.p99) + us + ", max " + FormatFigure(l.max) + us + " (" + FormatCount(o.count) + " ops)";
}

}  // namespace

std::string LatencyChart(const Summary& s) {
  const std::vector<const FsResult*> fss = FilesystemsWithFigures(s);
  const std::vector<std::string> ops = OpKindsOf(s);
  double lo = 0, hi = 0;
  for (const FsResult* f : fss) {
    for (const OpKindStats& o : f->op_kinds) {
      if (!o.latency_us) continue;
      if (o.latency_us->p50 > 0) lo = lo == 0 ? o.latency_us->p50 : std::min(lo, o.latency_us->p50);
      hi = std::max(hi, o.latency_us->max);
    }
  }
  if (lo <= 0 || hi <= lo) {  // nothing measured: an empty decade axis
    lo = 1;
    hi = std::max(10.0, hi);
  }
  const std::vector<double> ticks = DecadeTicks(lo * 0.99, hi);
  std::vector<std::string> names;
  for (const FsResult* f : fss) names.push_back(f->name);
  // The marker key goes beside the legend, or under it when the names fill the row.
  const bool key_below = kLeft + LegendWidth(names) > kWidth - kRight - kKeyWidth;
  const double top = key_below ? 70 : 52;
  const double band = static_cast<double>(std::max<size_t>(1, fss.size())) * kRow + kGap;
  const double bottom = top + band * static_cast<double>(std::max<size_t>(1, ops.size()));
  const double height = bottom + 44;
  const LogScale x_of{ticks.front(), ticks.back(), kLeft, kWidth - kRight};
  Svg svg(kLatencyChartId, kWidth, height, "Latency per op kind and filesystem: p50, p99 and max (log scale)");

  for (size_t g = 1; g < ops.size(); g += 2)
    svg.Rect(kLeft, top + band * static_cast<double>(g), kWidth - kRight - kLeft, band, "#f4f4f4");
  for (double t : ticks) {
    const double x = x_of(t);
    svg.Line(x, top, x, bottom, "#dcdcdc");
    // Labels above and below: the chart is tall, and either edge may be on screen.
    svg.Text(x, top - 6, FormatMicros(t, kMicro), "middle");
    svg.Text(x, bottom + 15, FormatMicros(t, kMicro), "middle");
  }
  for (size_t g = 0; g < ops.size(); ++g) {
    const double y0 = top + band * static_cast<double>(g) + kGap / 2;
    svg.Text(kLeft - 8, y0 + band / 2, ops[g], "end");
    for (size_t i = 0; i < fss.size(); ++i) {
      const OpKindStats* o = OpKind(*fss[i], ops[g]);
      if (o == nullptr || !o->latency_us) continue;
      const Latency& l = *o->latency_us;
      const double y = y0 + kRow * static_cast<double>(i) + kRow / 2;
      const char* colour = FsColour(i);
      const std::string tip = Tooltip(*fss[i], *o);
      svg.Line(x_of(l.p50), y, x_of(l.max), y, colour, 1.5);
      svg.Circle(x_of(l.p50), y, 3.5, colour, tip);
      Diamond(svg, x_of(l.p99), y, 4.5, colour, tip);
      svg.Rect(x_of(l.max) - 1.25, y - 4.5, 2.5, 9, colour, tip);
    }
  }
  if (ops.empty()) svg.Text(kLeft + (kWidth - kLeft) / 2, top + band / 2 + 4, "no ops ran", "middle", 13, "#777");
  svg.Line(kLeft, top, kLeft, bottom, "#444");
  svg.Line(kLeft, bottom, kWidth - kRight, bottom, "#444");
  svg.Text(kLeft + (kWidth - kRight - kLeft) / 2, height - 8, "latency per op (log scale)", "middle");
  Legend(svg, kLeft, 8, names);
  MarkerKey(svg, kWidth - kRight, key_below ? 32 : 14);
  return svg.Finish();
}

}  // namespace fsfuzz::reports
