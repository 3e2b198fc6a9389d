// The HTML comparison report: one self-contained file (inline CSS and SVG charts, no
// script, nothing fetched from the network) to attach to a bug report.
#pragma once

#include <string>

#include "reports/summary.h"

namespace fsfuzz::reports {

// Run config and host; the filesystems table (kernel, runner, figures, findings,
// status); charts of throughput (#chart-throughput), latency (#chart-latency), findings
// (#chart-findings) and, when present, latency histograms; the semantics and signals
// tables; skipped filesystems with their reasons; each finding class's first title, file
// and program. Every string from the summary is HTML-escaped.
std::string RenderHtml(const Summary& s);

}  // namespace fsfuzz::reports
