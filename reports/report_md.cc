// The Markdown report (see report_md.h).
#include "reports/report_md.h"

#include "reports/format.h"
#include "reports/md_table.h"
#include "reports/report_order.h"
#include "reports/semantics.h"

namespace fsfuzz::reports {
namespace {

using Align = MdTable::Align;
constexpr Align kL = Align::kLeft;
constexpr Align kR = Align::kRight;

std::string RunLine(const RunConfig& c) {
  std::string s = "Run: seed " + std::to_string(c.seed) + ", mix " + c.mix + ", " + std::to_string(c.threads) +
                  (c.threads == 1 ? " thread" : " threads");
  s += c.duration_s > 0 ? ", " + FormatFigure(c.duration_s) + " s per filesystem" : ", no time limit";
  s += c.ops_limit > 0 ? ", at most " + FormatCount(c.ops_limit) + " ops" : "";
  s += ", file " + FormatBytes(c.file_size);
  if (c.deadline_ms > 0) s += ", op deadline " + FormatCount(c.deadline_ms) + " ms";
  return s + ".";
}

std::string HostLine(const HostInfo& h) {
  return "Host: kernel " + (h.kernel.empty() ? std::string("?") : h.kernel) + ", " + std::to_string(h.cpus) +
         (h.cpus == 1 ? " CPU" : " CPUs") + ", " + FormatCount(h.memory_mib) + " MiB memory.";
}

std::string StatusCell(const FsResult& f) {
  if (f.status == FsStatus::kRan) return "ran";
  return std::string(FsStatusName(f.status)) + ": " + f.skip_reason;
}

std::string FilesystemTable(const Summary& s) {
  const std::vector<FindingClass> classes = ClassesFound(s);
  std::vector<MdTable::Column> cols = {{"filesystem", kL}, {"kernel", kL}, {"runner", kL},       {"programs", kR},
                                       {"ops", kR},        {"ops/s", kR},  {"peak RSS MiB", kR}, {"findings", kR},
                                       {"of them known", kR}};
  for (FindingClass c : classes) cols.push_back({ClassName(c), kR});
  cols.push_back({"status", kL});
  MdTable t(cols);
  for (const FsResult& f : s.filesystems) {
    std::vector<std::string> row = {f.name, KernelOf(s, f), f.runner};
    if (f.ran()) {
      row.insert(row.end(), {FormatCount(f.programs), FormatCount(f.ops), FormatFigure(f.ops_per_s),
                             FormatFigure(f.peak_rss_mib), FormatCount(f.TotalFindings()),
                             FormatCount(f.KnownFindings())});
      for (FindingClass c : classes) {
        const FindingStats* st = f.Findings(c);
        row.push_back(FormatCount(st ? st->count : 0));
      }
    } else {
      row.resize(row.size() + 6 + classes.size(), "-");
    }
    row.push_back(StatusCell(f));
    t.AddRow(std::move(row));
  }
  return t.Render();
}

std::string OpKindTable(const Summary& s) {
  MdTable t({{"op", kL},
             {"filesystem", kL},
             {"count", kR},
             {"ops/s", kR},
             {"errors", kR},
             {"p50 us", kR},
             {"p90 us", kR},
             {"p99 us", kR},
             {"max us", kR}});
  for (const std::string& op : OpKindsOf(s)) {
    for (const FsResult* f : FilesystemsWithFigures(s)) {
      const OpKindStats* o = OpKind(*f, op);
      if (o == nullptr) continue;
      std::vector<std::string> row = {op, f->name, FormatCount(o->count), FormatFigure(o->ops_per_s),
                                      FormatCount(o->errors)};
      if (o->latency_us) {
        for (double v : {o->latency_us->p50, o->latency_us->p90, o->latency_us->p99, o->latency_us->max})
          row.push_back(FormatFigure(v));
      } else {
        row.resize(row.size() + 4, "-");
      }
      t.AddRow(std::move(row));
    }
  }
  return t.empty() ? "No op figures.\n" : t.Render();
}

std::string SemanticsTable(const Summary& s) {
  MdTable t({{"filesystem", kL}, {"overlapping DIO from mapping", kL}, {"misaligned DIO", kL}, {"collision EIO", kL}});
  for (const FsResult* f : FilesystemsWithFigures(s)) {
    const Semantics sem = EffectiveSemantics(*f);
    t.AddRow({f->name, OverlapLabel(sem.overlap_dwrite), MisalignedLabel(sem.misaligned_dio),
              CollisionLabel(sem.collision_eio)});
  }
  if (t.empty()) return "No filesystem ran.\n";
  return t.Render() + "\n- " + kOverlapHelp + "\n- " + kMisalignedHelp + "\n- " + kCollisionHelp + "\n";
}

std::string SignalTable(const Summary& s) {
  const std::vector<const FsResult*> fss = FilesystemsWithFigures(s);
  std::vector<MdTable::Column> cols = {{"signal", kL}};
  for (const FsResult* f : fss) cols.push_back({f->name, kR});
  MdTable t(cols);
  for (const std::string& name : SignalsOf(s)) {
    std::vector<std::string> row = {name};
    for (const FsResult* f : fss) {
      auto it = f->signals.find(name);
      row.push_back(FormatCount(it == f->signals.end() ? 0 : it->second));
    }
    t.AddRow(std::move(row));
  }
  return t.empty() ? "No signals.\n" : t.Render();
}

std::string FindingTable(const Summary& s) {
  MdTable t(
      {{"filesystem", kL}, {"class", kL}, {"count", kR}, {"signatures", kR}, {"first title", kL}, {"first file", kL}});
  for (const FsResult* f : FilesystemsWithFigures(s)) {
    for (FindingClass c : AllClasses()) {
      const FindingStats* st = f->Findings(c);
      if (st == nullptr || st->count == 0) continue;
      t.AddRow({f->name, ClassName(c), FormatCount(st->count), FormatCount(st->signatures.size()), st->first_title,
                st->first_file});
    }
  }
  return t.empty() ? "No findings on any filesystem.\n" : t.Render();
}

}  // namespace

std::string RenderMarkdown(const Summary& s) {
  std::string out = "# fsfuzz filesystem comparison\n\n";
  out += "Created " + (s.created.empty() ? std::string("?") : s.created) + " by fsfuzz " +
         (s.tool_version.empty() ? std::string("?") : s.tool_version) + ".\n";
  out += RunLine(s.config) + "\n" + HostLine(s.host) + "\n";
  out += "\n## Filesystems\n\n" + FilesystemTable(s);
  out += "\n## Throughput and latency per op kind\n\n" + OpKindTable(s);
  out += "\n## Semantics\n\n" + SemanticsTable(s);
  out += "\n## Signals\n\n" + SignalTable(s);
  out += "\n## Findings\n\n" + FindingTable(s);
  return out;
}

}  // namespace fsfuzz::reports
