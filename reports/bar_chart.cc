// Grouped bar charts (see bar_chart.h).
#include "reports/bar_chart.h"

#include <algorithm>
#include <cmath>

#include "reports/format.h"
#include "reports/svg.h"

namespace fsfuzz::reports {
namespace {

constexpr double kWidth = 1200;
constexpr double kLeft = 64, kRight = 16, kTop = 36, kPlotHeight = 240;
constexpr const char* kAxis = "#444";
constexpr const char* kGrid = "#e3e3e3";
constexpr const char* kMuted = "#777";
constexpr const char* kBand = "#f4f4f4";

// How category labels fit under their groups: on one line, broken at the first '_' or
// '-' onto two, or turned 35 degrees when even that is too wide.
struct LabelLayout {
  enum Kind { kOneLine, kTwoLines, kRotated } kind = kOneLine;
  double height = 0;  // px below the axis
};

std::pair<std::string, std::string> Split(const std::string& s) {
  const size_t mid = s.find_first_of("_-");
  if (mid == std::string::npos) return {s, ""};
  return {s.substr(0, mid + 1), s.substr(mid + 1)};
}

LabelLayout LayOutLabels(const std::vector<std::string>& labels, double group_width) {
  double one = 0, two = 0;
  for (const std::string& l : labels) {
    one = std::max(one, TextWidth(l));
    auto [a, b] = Split(l);
    two = std::max({two, TextWidth(a), TextWidth(b)});
  }
  if (one <= group_width - 6) return {LabelLayout::kOneLine, 20};
  if (two <= group_width - 6) return {LabelLayout::kTwoLines, 33};
  return {LabelLayout::kRotated, one * std::sin(35 * M_PI / 180) + 12};
}

void DrawLabel(Svg& svg, const LabelLayout& layout, double cx, double y, const std::string& label) {
  switch (layout.kind) {
    case LabelLayout::kOneLine:
      svg.Text(cx, y + 14, label, "middle");
      break;
    case LabelLayout::kTwoLines: {
      auto [a, b] = Split(label);
      svg.Text(cx, y + 14, a, "middle");
      if (!b.empty()) svg.Text(cx, y + 27, b, "middle");
      break;
    }
    case LabelLayout::kRotated:
      svg.Text(cx + 4, y + 12, label, "end", 11, "#222", -35);
      break;
  }
}

}  // namespace

std::string RenderBarChart(const BarChart& c) {
  const size_t groups = std::max<size_t>(1, c.groups.size());
  const size_t series = std::max<size_t>(1, c.series.size());
  const double plot_w = kWidth - kLeft - kRight;
  const double gw = plot_w / static_cast<double>(groups);
  const LabelLayout layout = LayOutLabels(c.groups, gw);
  const double bottom = kTop + kPlotHeight;
  const double height = bottom + layout.height + 26;
  Svg svg(c.id, kWidth, height, c.title);

  double lo = 0, hi = 0;
  for (const auto& g : c.values) {
    for (double v : g) {
      if (v <= 0) continue;
      lo = lo == 0 ? v : std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  const bool empty = hi <= 0;

  std::vector<double> ticks;
  double y_min = 0, y_max = 0;
  if (c.log_y) {
    // Just below lo, so a value on a power of ten still shows a bar.
    ticks = DecadeTicks(empty ? 1 : lo * 0.99, empty ? 10 : hi);
    y_min = ticks.front();
    y_max = ticks.back();
  } else {
    ticks = NiceTicks(empty ? 1 : hi, 5, c.integer_ticks);
    y_max = ticks.back();
  }
  auto y_of = [&](double v) {
    return c.log_y ? LogScale{y_min, y_max, bottom, kTop}(v) : LinearScale{0, y_max, bottom, kTop}(v);
  };

  // Back to front: bands, grid, bars. Alternate bands tell which group a bar belongs to
  // when there are many groups.
  for (size_t g = 1; g < c.groups.size(); g += 2)
    svg.Rect(kLeft + gw * static_cast<double>(g), kTop, gw, kPlotHeight, kBand);
  for (double t : ticks) {
    const double y = y_of(t);
    svg.Line(kLeft, y, kWidth - kRight, y, kGrid);
    svg.Text(kLeft - 6, y + 4, ShortNumber(t), "end");
  }
  svg.Text(16, kTop + kPlotHeight / 2, c.y_label, "middle", 11, "#222", -90);

  const double bw = std::min(22.0, gw * 0.8 / static_cast<double>(series));
  for (size_t g = 0; g < c.groups.size(); ++g) {
    const double gx = kLeft + gw * static_cast<double>(g);
    const double x0 = gx + (gw - bw * static_cast<double>(series)) / 2;
    bool any = false;
    for (size_t s = 0; s < c.series.size(); ++s) {
      const double v = g < c.values.size() && s < c.values[g].size() ? c.values[g][s] : -1;
      if (v <= 0) continue;
      any = true;
      const double x = x0 + bw * static_cast<double>(s);
      const double y = y_of(v);
      // Counts print as integers (while a double holds them exactly).
      const std::string text =
          c.integer_ticks && v < 9e15 ? FormatCount(static_cast<uint64_t>(std::llround(v))) : FormatFigure(v);
      svg.Rect(x + 1, y, bw - 2, bottom - y, FsColour(s), c.series[s] + " " + c.groups[g] + ": " + text + " " + c.unit);
      if (c.value_labels) svg.Text(x + bw / 2, y - 3, text, "middle", 10);
    }
    if (!any && !empty && !c.empty_group_text.empty())
      svg.Text(gx + gw / 2, bottom - 6, c.empty_group_text, "middle", 10, kMuted);
    DrawLabel(svg, layout, gx + gw / 2, bottom, c.groups[g]);
  }
  if (empty && !c.empty_chart_text.empty())
    svg.Text(kLeft + plot_w / 2, kTop + kPlotHeight / 2, c.empty_chart_text, "middle", 15, kMuted);

  svg.Line(kLeft, kTop, kLeft, bottom, kAxis);
  svg.Line(kLeft, bottom, kWidth - kRight, bottom, kAxis);
  svg.Text(kLeft + plot_w / 2, height - 6, c.x_label, "middle");
  Legend(svg, kLeft, 8, c.series);
  return svg.Finish();
}

}  // namespace fsfuzz::reports
