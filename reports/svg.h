// A small SVG writer for the report's charts: elements with escaped text and attribute
// values, axis scales, the filesystem palette and a legend.
#pragma once

#include <string>
#include <vector>

namespace fsfuzz::reports {

class Svg {
 public:
  // id: the element id tests and links use ("chart-throughput"); title: what the chart
  // shows, for screen readers and as a tooltip.
  Svg(const std::string& id, double width, double height, const std::string& title);

  // tooltip: shown on hover (an SVG <title> child), no script needed.
  void Rect(double x, double y, double w, double h, const std::string& fill, const std::string& tooltip = "");
  void Line(double x1, double y1, double x2, double y2, const std::string& stroke, double width = 1,
            const std::string& dash = "");
  void Circle(double cx, double cy, double r, const std::string& fill, const std::string& tooltip = "");
  // A closed polygon (markers): points as x0,y0,x1,y1,...
  void Polygon(const std::vector<double>& xy, const std::string& fill, const std::string& tooltip = "");
  void Polyline(const std::vector<double>& xy, const std::string& stroke, double width = 1.5);
  // anchor: start | middle | end; rotate: degrees about (x, y); size: font px.
  void Text(double x, double y, const std::string& text, const std::string& anchor = "start", double size = 11,
            const std::string& fill = "#222", double rotate = 0, const std::string& weight = "normal");

  // The <svg> element, closed.
  std::string Finish() const;

 private:
  std::string head_;
  std::string body_;
};

// Formats a coordinate with at most one decimal ("12", "12.5").
std::string Coord(double v);

// Estimated width of text in px in the page's sans-serif font, for layout only.
double TextWidth(const std::string& text, double size = 11);

// Colour of the i-th filesystem with figures: distinguishable, colour-blind aware
// (Tableau 10), repeating after ten.
const char* FsColour(size_t i);

struct LinearScale {
  double d0, d1, r0, r1;  // domain [d0, d1] -> range [r0, r1]
  double operator()(double v) const { return r0 + (v - d0) / (d1 - d0) * (r1 - r0); }
};

// Decade-aligned logarithmic scale; values are clamped to the domain.
struct LogScale {
  double d0, d1, r0, r1;
  double operator()(double v) const;
};

// 0, step, 2*step, ... up to the first tick >= max, with a 1/2/5 step and about
// `target` ticks; integer steps only when integers is set (counts).
std::vector<double> NiceTicks(double max, int target, bool integers);
// Powers of ten from the one at or below lo to the one at or above hi (hi > lo > 0),
// at most kMaxDecades decades (the low end is raised).
inline constexpr int kMaxDecades = 12;
std::vector<double> DecadeTicks(double lo, double hi);
// "1", "10", "1k", "10k", "1M": short labels for decade ticks of counts and rates.
std::string ShortNumber(double v);

// A row of colour swatches with names, starting at (x, y) = top left; returns its width.
double Legend(Svg& svg, double x, double y, const std::vector<std::string>& names);
// The width Legend will take.
double LegendWidth(const std::vector<std::string>& names);

}  // namespace fsfuzz::reports
