// The report directory `fsfuzz compare`/`report` leave behind: summary.json, report.md
// and report.html, each written atomically.
#pragma once

#include <string>

#include "reports/summary.h"
#include "src/fsfuzz/base/status.h"

namespace fsfuzz::reports {

inline constexpr const char* kSummaryFileName = "summary.json";
inline constexpr const char* kMarkdownFileName = "report.md";
inline constexpr const char* kHtmlFileName = "report.html";

// Creates dir (and missing parents) and writes the three files, each via a temp file,
// fsync and rename, so a reader never sees a partial report. summary.json goes last: its
// presence says the reports beside it are complete.
Status WriteReportDir(const Summary& s, const std::string& dir);

}  // namespace fsfuzz::reports
