// A grouped bar chart as inline SVG: one group per category on the x axis, one bar per
// filesystem in each, a legend, axis labels, and hover tooltips.
#pragma once

#include <string>
#include <vector>

namespace fsfuzz::reports {

struct BarChart {
  std::string id;                           // element id: "chart-throughput"
  std::string title;                        // SVG title (accessibility, tooltip)
  std::vector<std::string> groups;          // x-axis categories, in order
  std::vector<std::string> series;          // filesystems: legend and bar colours (FsColour(i))
  std::vector<std::vector<double>> values;  // [group][series]; < 0: no value (not run)
  std::string x_label, y_label;
  std::string unit;              // in tooltips and value labels: "ops/s", "findings"
  bool log_y = false;            // for figures spanning decades (rates)
  bool integer_ticks = false;    // for counts
  bool value_labels = false;     // print each bar's value above it
  std::string empty_group_text;  // drawn in a group whose values are all zero
  std::string empty_chart_text;  // drawn across the plot when no value is above zero
};

std::string RenderBarChart(const BarChart& c);

}  // namespace fsfuzz::reports
