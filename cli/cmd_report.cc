// report: turns a run summary (summary.json or stress.json) into a report directory:
// summary.json, report.md and report.html (docs/summary-schema.md).
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "reports/summary.h"
#include "reports/write_report.h"

namespace fsfuzz::cli {

int CmdReport(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz report");
  std::string in, out;
  desc.add_options()("summary", po::value(&in), "the summary: stress.json or summary.json")(
      "out", po::value(&out)->default_value("report"), "report directory (made if missing)");
  po::positional_options_description pos;
  pos.add("summary", 1);
  po::variables_map vm;
  int rc;
  if (!ParseArgs(args, "fsfuzz report SUMMARY.json [--out DIR]", desc, &pos, vm, &rc)) return rc;
  if (in.empty()) return Fail("report", Status::Usage("give the summary file (stress.json or summary.json)"));
  auto s = reports::ReadSummaryFile(in);
  if (!s.ok()) return Fail("report", s.status());
  // Finding files named relative to the summary's directory are renamed relative to the
  // report's, so the links keep working.
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path from = fs::absolute(fs::path(in).parent_path(), ec), to = fs::absolute(out, ec);
  for (reports::FsResult& f : s->filesystems) {
    for (reports::FindingStats& fi : f.findings) {
      if (fi.first_file.empty() || fs::path(fi.first_file).is_absolute()) continue;
      fi.first_file = (from / fi.first_file).lexically_normal().lexically_relative(to).string();
    }
  }
  if (Status st = reports::WriteReportDir(*s, out); !st.ok()) return Fail("report", st);
  std::cout << "report: " << out << "/" << reports::kHtmlFileName << " (and " << reports::kMarkdownFileName << ", "
            << reports::kSummaryFileName << ")\n";
  return kExitOk;
}

}  // namespace fsfuzz::cli
