// The throughput and findings charts: grouped bars over the summary (see charts.h).
#include <cstdint>

#include "reports/bar_chart.h"
#include "reports/charts.h"
#include "reports/report_order.h"

namespace fsfuzz::reports {
namespace {

std::vector<std::string> Names(const std::vector<const FsResult*>& fss) {
  std::vector<std::string> names;
  for (const FsResult* f : fss) names.push_back(f->name);
  return names;
}

}  // namespace

std::string ThroughputChart(const Summary& s) {
  const std::vector<const FsResult*> fss = FilesystemsWithFigures(s);
  BarChart c;
  c.id = kThroughputChartId;
  c.title = "Throughput per op kind and filesystem (ops/s, log scale)";
  c.groups = OpKindsOf(s);
  c.series = Names(fss);
  for (const std::string& op : c.groups) {
    std::vector<double> row;
    for (const FsResult* f : fss) {
      const OpKindStats* o = OpKind(*f, op);
      row.push_back(o ? o->ops_per_s : -1);
    }
    c.values.push_back(std::move(row));
  }
  c.x_label = "op kind";
  c.y_label = "ops/s (log scale)";
  c.unit = "ops/s";
  c.log_y = true;
  c.empty_chart_text = "no ops ran";
  return RenderBarChart(c);
}

std::string FindingsChart(const Summary& s) {
  const std::vector<const FsResult*> fss = FilesystemsWithFigures(s);
  BarChart c;
  c.id = kFindingsChartId;
  c.title = "Findings per class and filesystem";
  c.series = Names(fss);
  // Every class, so the absence of a class is as visible as its presence.
  for (FindingClass cls : AllClasses()) {
    c.groups.push_back(ClassName(cls));
    std::vector<double> row;
    for (const FsResult* f : fss) {
      const FindingStats* st = f->Findings(cls);
      row.push_back(st ? static_cast<double>(st->count) : 0);
    }
    c.values.push_back(std::move(row));
  }
  c.x_label = "finding class";
  c.y_label = "findings";
  c.unit = "findings";
  c.integer_ticks = true;
  c.value_labels = true;
  c.empty_group_text = "none";
  c.empty_chart_text = fss.empty() ? "no filesystem ran" : "no findings on any filesystem";
  return RenderBarChart(c);
}

}  // namespace fsfuzz::reports
