// The Markdown report: plain ASCII pipe tables a kernel developer can paste into a mail.
#pragma once

#include <string>

#include "reports/summary.h"

namespace fsfuzz::reports {

// Run and host, then tables: filesystems (kernel, runner, figures, findings per class,
// status or skip reason), throughput and latency per op kind, semantics, signals, and
// findings with their first title and file.
std::string RenderMarkdown(const Summary& s);

}  // namespace fsfuzz::reports
