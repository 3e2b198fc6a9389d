// Writing the report directory (see write_report.h).
#include "reports/write_report.h"

#include <filesystem>
#include <system_error>

#include "reports/report_html.h"
#include "reports/report_md.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz::reports {

Status WriteReportDir(const Summary& s, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::FromErrno("create " + dir, ec.value());
  std::string md, html, json;
  try {  // rendering only allocates; keep bad_alloc inside the module
    md = RenderMarkdown(s);
    html = RenderHtml(s);
    json = DumpJson(ToJson(s), 2) + "\n";
  } catch (const std::exception& e) {
    return Status::Internal(std::string("rendering the report: ") + e.what());
  }
  for (const auto& [name, text] :
       {std::pair{kMarkdownFileName, &md}, std::pair{kHtmlFileName, &html}, std::pair{kSummaryFileName, &json}}) {
    Status st = WriteFileAtomically(dir + "/" + name, *text);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

}  // namespace fsfuzz::reports
