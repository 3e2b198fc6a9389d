// The report's charts, each an inline <svg> element with a stable id.
#pragma once

#include <string>

#include "reports/summary.h"

namespace fsfuzz::reports {

inline constexpr const char* kThroughputChartId = "chart-throughput";
inline constexpr const char* kLatencyChartId = "chart-latency";
inline constexpr const char* kFindingsChartId = "chart-findings";
inline constexpr const char* kHistogramChartId = "chart-latency-histograms";

// ops/s per op kind per filesystem: grouped bars on a log axis.
std::string ThroughputChart(const Summary& s);
// p50, p99 and max latency per op kind per filesystem on a log time axis.
std::string LatencyChart(const Summary& s);
// Findings per class per filesystem: grouped bars, "none" where a class has none and a
// "no findings" message when nothing was found.
std::string FindingsChart(const Summary& s);
// Latency histograms per op kind, one line per filesystem; empty when the summary has no
// histograms.
std::string HistogramChart(const Summary& s);

}  // namespace fsfuzz::reports
