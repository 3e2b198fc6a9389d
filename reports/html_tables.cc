// HTML tables of the report (see html_tables.h).
#include "reports/html_tables.h"

#include "reports/format.h"
#include "reports/html_escape.h"
#include "reports/report_order.h"
#include "reports/semantics.h"
#include "reports/svg.h"

namespace fsfuzz::reports {
namespace {

// Cells are HTML already: callers escape text from the summary.
std::string Head(std::initializer_list<std::string> cells, const std::vector<std::string>& more = {},
                 const std::string& last = "") {
  std::string r = "<tr>";
  for (const std::string& c : cells) r += "<th>" + c + "</th>";
  for (const std::string& c : more) r += "<th class=\"n\">" + c + "</th>";
  if (!last.empty()) r += "<th>" + last + "</th>";
  return r + "</tr>\n";
}
std::string Td(const std::string& html) { return "<td>" + html + "</td>"; }
// Kernel versions and runner names read wrong when broken at a '-'.
std::string TdNoWrap(const std::string& html) { return "<td class=\"nw\">" + html + "</td>"; }
std::string Num(const std::string& text) { return "<td class=\"n\">" + text + "</td>"; }
// A count that is a finding stands out; zero stays quiet.
std::string FindingNum(uint64_t n) { return n > 0 ? "<td class=\"n hit\">" + FormatCount(n) + "</td>" : Num("0"); }

}  // namespace

std::string FsNameHtml(const Summary& s, const FsResult& f) {
  const std::vector<const FsResult*> fss = FilesystemsWithFigures(s);
  for (size_t i = 0; i < fss.size(); ++i) {
    if (fss[i] == &f)
      return "<span class=\"name\"><span class=\"sw\" style=\"background:" + std::string(FsColour(i)) + "\"></span>" +
             EscapeHtml(f.name) + "</span>";
  }
  // No colour: it is in no chart. The blank swatch keeps names aligned in the column.
  return "<span class=\"name\"><span class=\"sw none\"></span>" + EscapeHtml(f.name) + "</span>";
}

std::string FilesystemTableHtml(const Summary& s) {
  const std::vector<FindingClass> classes = ClassesFound(s);
  std::vector<std::string> class_heads = {"programs", "ops", "ops/s", "peak RSS MiB", "findings",
                                          "of them known"};
  for (FindingClass c : classes) class_heads.push_back(EscapeHtml(ClassName(c)));
  std::string out = "<table class=\"fs\">\n" + Head({"filesystem", "kernel", "runner"}, class_heads, "status");
  for (const FsResult& f : s.filesystems) {
    out += f.ran() ? "<tr>" : "<tr class=\"skipped\">";
    out += Td(FsNameHtml(s, f)) + TdNoWrap(EscapeHtml(KernelOf(s, f))) + TdNoWrap(EscapeHtml(f.runner));
    if (f.ran()) {
      out += Num(FormatCount(f.programs)) + Num(FormatCount(f.ops)) + Num(FormatFigure(f.ops_per_s)) +
             Num(FormatFigure(f.peak_rss_mib)) + FindingNum(f.TotalFindings()) +
             Num(FormatCount(f.KnownFindings()));
      for (FindingClass c : classes) {
        const FindingStats* st = f.Findings(c);
        out += FindingNum(st ? st->count : 0);
      }
    } else {
      for (size_t i = 0; i < 6 + classes.size(); ++i) out += Num("&#8211;");
    }
    out += f.status == FsStatus::kRan
               ? Td("ran")
               : Td("<b>" + std::string(FsStatusName(f.status)) + "</b>: " + EscapeHtml(f.skip_reason));
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string OpKindTableHtml(const Summary& s) {
  std::string out = "<table class=\"ops\">\n" +
                    Head({"op", "filesystem"},
                         {"count", "ops/s", "errors", "p50 &#181;s", "p90 &#181;s", "p99 &#181;s", "max &#181;s"});
  for (const std::string& op : OpKindsOf(s)) {
    for (const FsResult* f : FilesystemsWithFigures(s)) {
      const OpKindStats* o = OpKind(*f, op);
      if (o == nullptr) continue;
      out += "<tr>" + Td(EscapeHtml(op)) + Td(FsNameHtml(s, *f)) + Num(FormatCount(o->count)) +
             Num(FormatFigure(o->ops_per_s)) + Num(FormatCount(o->errors));
      if (o->latency_us) {
        for (double v : {o->latency_us->p50, o->latency_us->p90, o->latency_us->p99, o->latency_us->max})
          out += Num(FormatFigure(v));
      } else {
        for (int i = 0; i < 4; ++i) out += Num("&#8211;");
      }
      out += "</tr>\n";
    }
  }
  return out + "</table>\n";
}

std::string SemanticsTableHtml(const Summary& s) {
  std::string out = "<table class=\"sem\">\n" +
                    Head({"filesystem", "overlapping DIO from mapping", "misaligned DIO", "collision EIO"});
  for (const FsResult* f : FilesystemsWithFigures(s)) {
    const Semantics sem = EffectiveSemantics(*f);
    out += "<tr>" + Td(FsNameHtml(s, *f)) + Td(EscapeHtml(OverlapLabel(sem.overlap_dwrite))) +
           Td(EscapeHtml(MisalignedLabel(sem.misaligned_dio))) + Td(EscapeHtml(CollisionLabel(sem.collision_eio))) +
           "</tr>\n";
  }
  return out + "</table>\n";
}

std::string EnvTableHtml(const Summary& s) {
  std::string out =
      "<table class=\"env\">\n<tr><th>filesystem</th><th>variant</th><th>mount options</th>"
      "<th class=\"n\">block size</th><th class=\"n\">DIO mem/offset align</th><th>root</th>"
      "<th>not exercised</th></tr>\n";
  bool any = false;
  for (const FsResult* f : FilesystemsWithFigures(s)) {
    if (!f->env) continue;
    any = true;
    const Env& e = *f->env;
    std::string skipped;
    for (const std::string& k : e.skipped) skipped += (skipped.empty() ? "" : "; ") + EscapeHtml(k);
    out += "<tr><td>" + FsNameHtml(s, *f) + "</td><td>" + EscapeHtml(f->variant) + "</td><td><code>" +
           EscapeHtml(e.mount_options) + "</code></td><td class=\"n\">" + FormatCount(e.block_size) +
           "</td><td class=\"n\">" + FormatCount(e.dio_mem_align) + " / " + FormatCount(e.dio_offset_align) +
           "</td><td>" + (e.root ? "yes" : "no") + "</td><td>" + skipped + "</td></tr>\n";
  }
  return any ? out + "</table>\n" : "<p class=\"note\">No environment recorded.</p>\n";
}

std::string SignalTableHtml(const Summary& s) {
  const std::vector<const FsResult*> fss = FilesystemsWithFigures(s);
  const std::vector<std::string> names = SignalsOf(s);
  if (names.empty()) return "<p class=\"note\">No signals were counted.</p>\n";
  std::vector<std::string> heads;
  for (const FsResult* f : fss) heads.push_back(FsNameHtml(s, *f));
  std::string out = "<table class=\"sig\">\n" + Head({"signal"}, heads);
  for (const std::string& name : names) {
    out += "<tr>" + Td("<code>" + EscapeHtml(name) + "</code>");
    for (const FsResult* f : fss) {
      auto it = f->signals.find(name);
      out += Num(FormatCount(it == f->signals.end() ? 0 : it->second));
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

}  // namespace fsfuzz::reports
