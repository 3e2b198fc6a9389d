// The HTML comparison report (see report_html.h). Written as well-formed XML (void
// elements closed, attributes quoted) so tests can check it with a plain tokenizer.
#include "reports/report_html.h"

#include "reports/charts.h"
#include "reports/format.h"
#include "reports/html_escape.h"
#include "reports/html_tables.h"
#include "reports/report_order.h"
#include "reports/semantics.h"

namespace fsfuzz::reports {
namespace {

// Dense and plain, for pasting into a bug tracker; system fonts only (nothing fetched).
constexpr const char* kCss = R"(
body{font:13px/1.4 "DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#222;margin:14px 20px;max-width:1210px}
h1{font-size:20px;margin:0 0 2px}
h2{font-size:15px;margin:20px 0 6px;padding-bottom:2px;border-bottom:1px solid #ccc}
h3{font-size:13px;margin:14px 0 4px}
p{margin:4px 0}
.meta,.note{color:#555;font-size:12px}
.cols{display:flex;gap:28px;flex-wrap:wrap;align-items:flex-start}
table{border-collapse:collapse;font-size:12px}
th,td{border:1px solid #ccc;padding:2px 7px;text-align:left;vertical-align:top}
th{background:#efefef;font-weight:bold}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.hit{color:#b00020;font-weight:bold}
tr.skipped td{color:#666;background:#fafafa}
table.kv th{background:none;border:none;padding:1px 10px 1px 0;color:#555;font-weight:normal}
table.kv td{border:none;padding:1px 0}
.sw{display:inline-block;width:10px;height:10px;margin-right:6px;vertical-align:-1px;border:1px solid #0003}
.sw.none{border-color:transparent}
.name,.nw{white-space:nowrap}
svg.chart{display:block;max-width:100%;height:auto;margin:4px 0}
code,pre{font-family:"DejaVu Sans Mono","Liberation Mono",monospace;font-size:12px}
pre{background:#f6f6f6;border:1px solid #ddd;padding:6px 8px;margin:4px 0 10px;overflow:auto;max-height:320px}
details summary{cursor:pointer;color:#333}
ul{margin:4px 0;padding-left:20px}
)";

std::string Kv(const std::string& key, const std::string& value_html) {
  return "<tr><th>" + key + "</th><td>" + value_html + "</td></tr>\n";
}

std::string RunSection(const Summary& s) {
  const RunConfig& c = s.config;
  std::string run = "<table class=\"kv\">\n" + Kv("seed", FormatCount(c.seed)) + Kv("mix", EscapeHtml(c.mix)) +
                    Kv("threads", FormatCount(c.threads)) +
                    Kv("duration", c.duration_s > 0 ? FormatFigure(c.duration_s) + " s per filesystem" : "no limit") +
                    Kv("ops limit", c.ops_limit > 0 ? FormatCount(c.ops_limit) : "none") +
                    Kv("file size", FormatBytes(c.file_size)) +
                    Kv("op deadline", c.deadline_ms > 0 ? FormatCount(c.deadline_ms) + " ms" : "none") + "</table>\n";
  std::string host = "<table class=\"kv\">\n" + Kv("host kernel", EscapeHtml(s.host.kernel)) +
                     Kv("CPUs", FormatCount(s.host.cpus)) + Kv("memory", FormatCount(s.host.memory_mib) + " MiB") +
                     Kv("created", EscapeHtml(s.created)) + Kv("fsfuzz", EscapeHtml(s.tool_version)) + "</table>\n";
  return "<div class=\"cols\">\n" + run + host + "</div>\n";
}

std::string SkippedSection(const Summary& s) {
  std::string out;
  for (const FsResult& f : s.filesystems) {
    if (f.status == FsStatus::kRan) continue;
    out += "<li><b>" + EscapeHtml(f.name) + "</b> (" + FsStatusName(f.status) + ", " + EscapeHtml(f.runner) +
           "): " + EscapeHtml(f.skip_reason) + "</li>\n";
  }
  return out.empty() ? "<p class=\"note\">None: every filesystem ran.</p>\n" : "<ul>\n" + out + "</ul>\n";
}

std::string FindingDetails(const Summary& s) {
  std::string out;
  for (const FsResult* f : FilesystemsWithFigures(s)) {
    for (FindingClass c : AllClasses()) {
      const FindingStats* st = f->Findings(c);
      if (st == nullptr || st->count == 0) continue;
      out += "<h3>" + FsNameHtml(s, *f) + " &#183; " + ClassName(c) + " &#183; " + FormatCount(st->count) +
             (st->count == 1 ? " finding" : " findings") + ", " + FormatCount(st->signatures.size()) +
             (st->signatures.size() == 1 ? " signature" : " signatures") + "</h3>\n";
      if (!st->first_title.empty()) out += "<p>" + EscapeHtml(st->first_title) + "</p>\n";
      if (!st->first_file.empty())
        out += "<p class=\"meta\">file: <code>" + EscapeHtml(st->first_file) + "</code></p>\n";
      if (!st->signatures.empty()) {
        std::string sigs;
        for (const std::string& sig : st->signatures) sigs += (sigs.empty() ? "" : " ") + EscapeHtml(sig);
        out += "<p class=\"meta\">signatures: <code>" + sigs + "</code></p>\n";
      }
      if (!st->first_program.empty()) out += "<pre>" + EscapeHtml(st->first_program) + "</pre>\n";
    }
  }
  return out.empty() ? "<p class=\"note\">No findings on any filesystem.</p>\n" : out;
}

std::string Section(const char* id, const char* title, const std::string& body) {
  return "<section id=\"" + std::string(id) + "\">\n<h2>" + title + "</h2>\n" + body + "</section>\n";
}

}  // namespace

std::string RenderHtml(const Summary& s) {
  std::string semantics = SemanticsTableHtml(s) + "<p class=\"note\">" + EscapeHtml(kOverlapHelp) + "<br/>" +
                          EscapeHtml(kMisalignedHelp) + "<br/>" + EscapeHtml(kCollisionHelp) + "</p>\n";
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
      "<title>fsfuzz filesystem comparison " +
      EscapeHtml(s.created) + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  out += "<h1>fsfuzz filesystem comparison</h1>\n<p class=\"meta\">" +
         EscapeHtml("seed " + std::to_string(s.config.seed) + " \xC2\xB7 mix " + s.config.mix + " \xC2\xB7 " +
                    std::to_string(s.config.threads) + " threads \xC2\xB7 host kernel " + s.host.kernel) +
         "</p>\n";
  out += RunSection(s);
  out += Section("filesystems", "Filesystems", FilesystemTableHtml(s));
  out += Section("throughput", "Throughput per op kind", ThroughputChart(s));
  out += Section("latency", "Latency per op kind", LatencyChart(s));
  out += Section("findings", "Findings per class", FindingsChart(s));
  out += Section("semantics", "Semantics", semantics);
  out += Section("signals", "Signals", SignalTableHtml(s));
  out += Section("environment", "Environment", EnvTableHtml(s));
  if (std::string h = HistogramChart(s); !h.empty()) out += Section("histograms", "Latency histograms", h);
  out += Section(
      "op-figures", "Figures per op kind",
      "<details><summary>table of every op kind on every filesystem</summary>\n" + OpKindTableHtml(s) + "</details>\n");
  out += Section("skipped", "Skipped filesystems", SkippedSection(s));
  out += Section("finding-details", "First finding of each class", FindingDetails(s));
  out += "<p class=\"note\">Generated by fsfuzz. Self-contained: no scripts, nothing loaded from the network.</p>\n";
  return out + "</body>\n</html>\n";
}

}  // namespace fsfuzz::reports
