// SVG writer, scales, palette and legend (see svg.h).
#include "reports/svg.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/html_escape.h"

namespace fsfuzz::reports {
namespace {

std::string Attr(const char* name, const std::string& value) {
  return std::string(" ") + name + "=\"" + EscapeHtml(value) + "\"";
}

std::string Attr(const char* name, double value) { return std::string(" ") + name + "=\"" + Coord(value) + "\""; }

// The element closed at once, or with a <title> child when it has a tooltip.
std::string Close(const char* tag, const std::string& tooltip) {
  if (tooltip.empty()) return "/>\n";
  return "><title>" + EscapeHtml(tooltip) + "</title></" + tag + ">\n";
}

std::string Points(const std::vector<double>& xy) {
  std::string s;
  for (size_t i = 0; i + 1 < xy.size(); i += 2) {
    if (!s.empty()) s += ' ';
    s += Coord(xy[i]) + "," + Coord(xy[i + 1]);
  }
  return s;
}

}  // namespace

std::string Coord(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", std::isfinite(v) ? v : 0.0);
  std::string s = buf;
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  if (s == "-0") s = "0";
  return s;
}

Svg::Svg(const std::string& id, double width, double height, const std::string& title) {
  // Width and height make the chart keep its size when the page is zoomed; the viewBox
  // lets CSS shrink it on narrow screens. Fonts are set here so the chart renders alike
  // inside and outside the page.
  head_ = "<svg xmlns=\"http://www.w3.org/2000/svg\"" + Attr("id", id) + Attr("class", "chart") + Attr("width", width) +
          Attr("height", height) + " viewBox=\"0 0 " + Coord(width) + " " + Coord(height) + "\" role=\"img\"" +
          Attr("aria-label", title) +
          " font-family=\"DejaVu Sans, Liberation Sans, Arial, sans-serif\" font-size=\"11\">\n" + "<title>" +
          EscapeHtml(title) + "</title>\n";
}

void Svg::Rect(double x, double y, double w, double h, const std::string& fill, const std::string& tooltip) {
  body_ += "<rect" + Attr("x", x) + Attr("y", y) + Attr("width", std::max(0.0, w)) + Attr("height", std::max(0.0, h)) +
           Attr("fill", fill) + Close("rect", tooltip);
}

void Svg::Line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
               const std::string& dash) {
  body_ += "<line" + Attr("x1", x1) + Attr("y1", y1) + Attr("x2", x2) + Attr("y2", y2) + Attr("stroke", stroke) +
           Attr("stroke-width", width) + (dash.empty() ? std::string() : Attr("stroke-dasharray", dash)) + "/>\n";
}

void Svg::Circle(double cx, double cy, double r, const std::string& fill, const std::string& tooltip) {
  body_ += "<circle" + Attr("cx", cx) + Attr("cy", cy) + Attr("r", r) + Attr("fill", fill) + Close("circle", tooltip);
}

void Svg::Polygon(const std::vector<double>& xy, const std::string& fill, const std::string& tooltip) {
  body_ += "<polygon" + Attr("points", Points(xy)) + Attr("fill", fill) + Close("polygon", tooltip);
}

void Svg::Polyline(const std::vector<double>& xy, const std::string& stroke, double width) {
  body_ += "<polyline" + Attr("points", Points(xy)) + " fill=\"none\"" + Attr("stroke", stroke) +
           Attr("stroke-width", width) + " stroke-linejoin=\"round\"/>\n";
}

void Svg::Text(double x, double y, const std::string& text, const std::string& anchor, double size,
               const std::string& fill, double rotate, const std::string& weight) {
  body_ +=
      "<text" + Attr("x", x) + Attr("y", y) + Attr("text-anchor", anchor) +
      (size != 11 ? Attr("font-size", size) : std::string()) + Attr("fill", fill) +
      (weight != "normal" ? Attr("font-weight", weight) : std::string()) +
      (rotate != 0 ? " transform=\"rotate(" + Coord(rotate) + " " + Coord(x) + " " + Coord(y) + ")\"" : std::string()) +
      ">" + EscapeHtml(text) + "</text>\n";
}

std::string Svg::Finish() const { return head_ + body_ + "</svg>\n"; }

double TextWidth(const std::string& text, double size) {
  // DejaVu Sans averages under 0.6 em per character for the lower-case names we draw;
  // erring wide keeps labels apart.
  return 0.6 * size * static_cast<double>(text.size());
}

const char* FsColour(size_t i) {
  static const char* kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
                                   "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac"};
  return kPalette[i % 10];
}

double LogScale::operator()(double v) const {
  v = std::clamp(v, d0, d1);
  return r0 + (std::log10(v) - std::log10(d0)) / (std::log10(d1) - std::log10(d0)) * (r1 - r0);
}

std::vector<double> NiceTicks(double max, int target, bool integers) {
  if (!(max > 0)) max = 1;
  const double raw = max / std::max(1, target);
  const double mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  if (integers) step = std::max(1.0, std::round(step));
  std::vector<double> ticks;
  for (int i = 0;; ++i) {  // multiplied, not summed, so errors do not accumulate
    ticks.push_back(step * i);
    if (ticks.back() >= max * (1 - 1e-9)) break;
  }
  return ticks;
}

std::vector<double> DecadeTicks(double lo, double hi) {
  const int top = static_cast<int>(std::ceil(std::log10(hi)));
  // A figure far below the rest would draw hundreds of decades; it is clamped to the
  // axis instead.
  const int bottom = std::max(top - kMaxDecades, static_cast<int>(std::floor(std::log10(lo))));
  std::vector<double> ticks;
  for (int e = bottom; e <= top; ++e) ticks.push_back(std::pow(10, e));
  if (ticks.size() < 2) ticks.push_back(ticks.back() * 10);
  return ticks;
}

std::string ShortNumber(double v) {
  const char* suffix = "";
  if (v >= 1e9) {
    v /= 1e9, suffix = "G";
  } else if (v >= 1e6) {
    v /= 1e6, suffix = "M";
  } else if (v >= 1e3) {
    v /= 1e3, suffix = "k";
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g%s", v, suffix);
  return buf;
}

double LegendWidth(const std::vector<std::string>& names) {
  double w = 0;
  for (const std::string& n : names) w += 16 + TextWidth(n) + 18;
  return w;
}

double Legend(Svg& svg, double x, double y, const std::vector<std::string>& names) {
  double cx = x;
  for (size_t i = 0; i < names.size(); ++i) {
    svg.Rect(cx, y, 12, 12, FsColour(i));
    svg.Text(cx + 16, y + 10, names[i]);
    cx += 16 + TextWidth(names[i]) + 18;
  }
  return cx - x;
}

}  // namespace fsfuzz::reports
