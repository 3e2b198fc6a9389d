// The kernel-log pattern table and title building (see kernel_log_patterns.h). Titles
// follow syzkaller's pkg/report so findings read like syzbot reports.
#include "src/fsfuzz/testbed/kernel_log_patterns.h"

#include <regex>

#include "src/fsfuzz/testbed/stack_frames.h"

namespace fsfuzz {
namespace {

// Message text up to the first ':', ',', '=', '(', '[' or number: stable across runs.
#define FSFUZZ_MSG "([^:,=(\\[]*[^:,=(\\[ ])"
#define FSFUZZ_DEV "\\([^)]*\\)"
// Lines that belong to a one-line report's dump: hex dumps, stacks and their headers.
#define FSFUZZ_DUMP                                                                   \
  "[0-9a-f]{8}: |CPU: |Hardware name: |Workqueue: |Call Trace:|\\s*</?(?:TASK|IRQ)>|" \
  "\\s+(?:\\? )?[A-Za-z_][A-Za-z0-9_.]*\\+0x|\\s+\\[<"

constexpr KernelLogPattern kPatterns[] = {
    // KASAN before the generic BUG row: "BUG: KASAN: use-after-free in f+0x1/0x2".
    {"kasan", "^BUG: KASAN: ([a-z0-9-]+) in ([A-Za-z_][A-Za-z0-9_.]*)", Verdict::kBug,
     "KASAN: $1{ACCESS} in {FUNC}", FuncFrom::kLineSymbol, Shape::kTrace, "^=+$", nullptr},
    {"ubsan", "^UBSAN: ([a-z0-9-]+) in ", Verdict::kBug, "UBSAN: $1 in {FUNC}",
     FuncFrom::kFirstFrame, Shape::kTrace, "^=+$", nullptr},
    // lockdep before the generic WARNING row.
    {"lockdep-circular", "^WARNING: possible circular locking dependency detected",
     Verdict::kWarning, "possible deadlock in {FUNC}", FuncFrom::kLockAcquire, Shape::kTrace,
     nullptr, nullptr},
    {"lockdep-recursive", "^WARNING: possible recursive locking detected", Verdict::kWarning,
     "possible deadlock in {FUNC}", FuncFrom::kLockAcquire, Shape::kTrace, nullptr, nullptr},
    {"lockdep-inconsistent", "^WARNING: inconsistent lock state", Verdict::kWarning,
     "inconsistent lock state in {FUNC}", FuncFrom::kFirstFrame, Shape::kTrace, nullptr,
     nullptr},
    {"lockdep-unlock", "^WARNING: bad unlock balance detected", Verdict::kWarning,
     "bad unlock balance in {FUNC}", FuncFrom::kFirstFrame, Shape::kTrace, nullptr, nullptr},
    {"rcu-usage", "^WARNING: suspicious RCU usage", Verdict::kWarning,
     "suspicious RCU usage in {FUNC}", FuncFrom::kFirstFrame, Shape::kTrace, nullptr, nullptr},
    // "WARNING: CPU: 0 PID: 1 at fs/x.c:12 f+0x1/0x2", 6.16+ "WARNING: fs/x.c:12 at
    // f+0x1/0x2, CPU#0: comm/1", and the old "WARNING: at fs/x.c:12 f+0x1/0x2()".
    {"warning", "^WARNING: (?:CPU: \\d+ PID: \\d+ at |\\S+:\\d+ at |at )", Verdict::kWarning,
     "WARNING in {FUNC}", FuncFrom::kLineSymbol, Shape::kTrace, "^---\\[ end trace", nullptr},
    {"soft-lockup", "^(?:watchdog: )?BUG: soft lockup - CPU#\\d+ stuck", Verdict::kHang,
     "BUG: soft lockup in {FUNC}", FuncFrom::kRip, Shape::kTrace, nullptr, nullptr},
    {"workqueue-lockup", "^BUG: workqueue lockup", Verdict::kHang, "BUG: workqueue lockup",
     FuncFrom::kNone, Shape::kLine, nullptr, "^(?:Showing busy workqueues|workqueue |  pwq )"},
    {"paging-request",
     "^BUG: unable to handle (?:kernel paging request|page fault for address)",
     Verdict::kBug, "BUG: unable to handle kernel paging request in {FUNC}", FuncFrom::kRip,
     Shape::kTrace, "^---\\[ end trace", nullptr},
    {"null-deref", "^BUG: (?:kernel NULL pointer dereference|unable to handle kernel NULL)",
     Verdict::kBug, "BUG: kernel NULL pointer dereference in {FUNC}", FuncFrom::kRip,
     Shape::kTrace, "^---\\[ end trace", nullptr},
    {"bad-page", "^BUG: Bad page (?:state|map)", Verdict::kBug, "BUG: Bad page state in {FUNC}",
     FuncFrom::kFirstFrame, Shape::kTrace, nullptr, nullptr},
    {"sleep-in-atomic", "^BUG: sleeping function called from invalid context", Verdict::kBug,
     "BUG: sleeping function called from invalid context in {FUNC}", FuncFrom::kFirstFrame,
     Shape::kTrace, nullptr, nullptr},
    {"kernel-bug", "^kernel BUG at \\S+!", Verdict::kBug, "kernel BUG in {FUNC}", FuncFrom::kRip,
     Shape::kTrace, "^---\\[ end trace", nullptr},
    {"gpf", "^(?:Oops: )?general protection fault", Verdict::kBug,
     "general protection fault in {FUNC}", FuncFrom::kRip, Shape::kTrace, "^---\\[ end trace",
     nullptr},
    // A bare Oops line (no BUG/GPF line before it): "Oops: 0002 [#1] PREEMPT SMP".
    {"oops", "^Oops: (?!general protection)", Verdict::kBug, "Oops in {FUNC}", FuncFrom::kRip, Shape::kTrace,
     "^---\\[ end trace", nullptr, true},
    // "Kernel panic - not syncing: sysrq triggered crash": what a VM's console shows last.
    {"panic", "^Kernel panic - not syncing: (?!Fatal exception)([^:,=(\\[]*[^:,=(\\[ ])", Verdict::kBug, "kernel panic: $1",
     FuncFrom::kNone, Shape::kTrace, "^---\\[ end Kernel panic", nullptr, true},
    {"bug", "^BUG: ([^:,=(\\[]*[^:,=(\\[ ])", Verdict::kBug, "BUG: $1 in {FUNC}", FuncFrom::kRip,
     Shape::kTrace, "^---\\[ end trace", nullptr},
    {"hung-task", "^INFO: task \\S+:\\d+ blocked for more than \\d+ seconds", Verdict::kHang,
     "INFO: task hung in {FUNC}", FuncFrom::kFirstFrame, Shape::kTrace, nullptr, nullptr},
    {"rcu-stall", "^(?:rcu: )?INFO: rcu_\\w+ (?:self-)?detected (?:expedited )?stalls? on",
     Verdict::kHang, "INFO: rcu detected stall in {FUNC}", FuncFrom::kRip, Shape::kTrace,
     nullptr, nullptr},
    // Filesystem error lines: one line each, plus what the filesystem prints with them.
    {"ext4-error", "^EXT4-fs error " FSFUZZ_DEV "(?::| in) ([A-Za-z_][A-Za-z0-9_]*)",
     Verdict::kWarning, "EXT4-fs error in $1", FuncFrom::kNone, Shape::kLine, nullptr,
     "^(?:EXT4-fs " FSFUZZ_DEV ": |Aborting journal on device)"},
    {"xfs-internal", "^XFS " FSFUZZ_DEV ": Internal error ", Verdict::kWarning,
     "XFS internal error in {FUNC}", FuncFrom::kLineSymbol, Shape::kLine, nullptr,
     "^(?:XFS " FSFUZZ_DEV ": |" FSFUZZ_DUMP ")"},
    {"xfs-metadata", "^XFS " FSFUZZ_DEV ": Metadata (corruption|CRC error) detected at ",
     Verdict::kWarning, "XFS metadata $1 in {FUNC}", FuncFrom::kLineSymbol, Shape::kLine,
     nullptr, "^(?:XFS " FSFUZZ_DEV ": |" FSFUZZ_DUMP ")"},
    {"xfs-in-memory", "^XFS " FSFUZZ_DEV ": Corruption of in-memory data", Verdict::kWarning,
     "XFS corruption of in-memory data in {FUNC}", FuncFrom::kLineSymbol, Shape::kLine,
     nullptr, "^(?:XFS " FSFUZZ_DEV ": |" FSFUZZ_DUMP ")"},
    {"xfs-io-error", "^XFS " FSFUZZ_DEV ": metadata I/O error in \"([A-Za-z_][A-Za-z0-9_]*)",
     Verdict::kWarning, "XFS metadata I/O error in $1", FuncFrom::kNone, Shape::kLine, nullptr,
     "^XFS " FSFUZZ_DEV ": "},
    {"xfs-corruption", "^XFS " FSFUZZ_DEV ": Corruption detected", Verdict::kWarning,
     "XFS corruption detected", FuncFrom::kNone, Shape::kLine, nullptr,
     "^(?:XFS " FSFUZZ_DEV ": |" FSFUZZ_DUMP ")"},
    {"btrfs-abort", "^BTRFS: error " FSFUZZ_DEV " in ([A-Za-z_][A-Za-z0-9_]*)", Verdict::kWarning,
     "BTRFS error in $1", FuncFrom::kNone, Shape::kLine, nullptr, "^BTRFS(?: info| error| warning| critical)? " FSFUZZ_DEV ": "},
    {"btrfs-error", "^BTRFS (error|critical) " FSFUZZ_DEV ": " FSFUZZ_MSG, Verdict::kWarning,
     "BTRFS $1: $2", FuncFrom::kNone, Shape::kLine, nullptr,
     "^BTRFS(?: info| error| warning) " FSFUZZ_DEV ": "},  // its follow-up lines
    {"bcachefs-fn-error", "^bcachefs " FSFUZZ_DEV ": ([A-Za-z_][A-Za-z0-9_]*)\\(\\): error",
     Verdict::kWarning, "bcachefs error in $1", FuncFrom::kNone, Shape::kLine, nullptr, nullptr},
    {"bcachefs-error",
     "^bcachefs " FSFUZZ_DEV ": ([^:,=(\\[]*(?:error|inconsisten|corrupt|fatal|emergency read "
     "only)[^:,=(\\[]*[^:,=(\\[ ])",
     Verdict::kWarning, "bcachefs error: $1", FuncFrom::kNone, Shape::kLine, nullptr, nullptr},
    // The DIO warning is rate-limited to once a day; tracefs and fsync's EIO count the rest.
    {"dio-invalidate", "^Page cache invalidation failure on direct I/O", Verdict::kDioCollision,
     "page cache invalidation failure on direct I/O (DIO collision)", FuncFrom::kNone,
     Shape::kLine, nullptr, "^File: .* PID: \\d+ Comm: "},
    // Documented behaviour (an O_DIRECT read meets a delalloc block of a racing mapped
    // write and returns EIO): counted, not a finding.
    {"dio-read-collision", "^Direct I/O collision with buffered writes", Verdict::kSignal,
     "direct I/O collision with buffered writes", FuncFrom::kNone, Shape::kLine, nullptr,
     nullptr},
};

#undef FSFUZZ_MSG
#undef FSFUZZ_DEV
#undef FSFUZZ_DUMP

struct Compiled {
  std::regex start;
  std::optional<std::regex> end;
  std::optional<std::regex> more;
};

const std::vector<Compiled>& CompiledPatterns() {
  static const std::vector<Compiled> compiled = [] {
    std::vector<Compiled> out;
    for (const KernelLogPattern& p : kPatterns) {
      Compiled c{std::regex(p.start), std::nullopt, std::nullopt};
      if (p.end) c.end.emplace(p.end);
      if (p.more) c.more.emplace(p.more);
      out.push_back(std::move(c));
    }
    return out;
  }();
  return compiled;
}

// Cuts a group before a number (" 123", "0x..") so titles do not vary per run.
std::string Stable(std::string s) {
  for (size_t i = 0; i < s.size(); ++i) {
    bool number_start = (s[i] >= '0' && s[i] <= '9') && (i == 0 || s[i - 1] == ' ');
    if (number_start) {
      s.resize(i);
      break;
    }
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '-' || s.back() == '.')) s.pop_back();
  return s;
}

std::string LockAcquireFunction(const std::vector<std::string>& lines) {
  bool after = false;
  for (const std::string& line : lines) {
    if (line.find("is trying to acquire lock") != std::string::npos) {
      after = true;
      continue;
    }
    if (!after) continue;
    size_t at = line.find(", at: ");
    if (at == std::string::npos) continue;
    size_t b = at + 6;
    size_t e = b;
    while (e < line.size() && line[e] != '+' && line[e] != ' ') ++e;
    if (e > b) return CleanFunction(line.substr(b, e - b));
  }
  return "";
}

std::string Function(const KernelLogPattern& p, const std::vector<std::string>& lines) {
  std::string f;
  switch (p.func) {
    case FuncFrom::kNone: return "";
    case FuncFrom::kLineSymbol:
      if (!lines.empty()) f = FirstSymbol(lines[0]);
      if (f.empty()) f = RipFunction(lines);
      break;
    case FuncFrom::kRip: f = RipFunction(lines); break;
    case FuncFrom::kFirstFrame: f = FirstFrame(lines); break;
    case FuncFrom::kLockAcquire: f = LockAcquireFunction(lines); break;
  }
  if (f.empty()) f = FirstFrame(lines);
  if (f.empty() && p.func != FuncFrom::kRip) f = RipFunction(lines);
  return f;
}

std::string KasanAccess(const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    if (line.rfind("Read of size", 0) == 0) return " Read";
    if (line.rfind("Write of size", 0) == 0) return " Write";
  }
  return "";
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

}  // namespace

std::span<const KernelLogPattern> KernelLogPatterns() { return kPatterns; }

int MatchStart(const std::string& line, std::vector<std::string>* groups) {
  const std::vector<Compiled>& compiled = CompiledPatterns();
  for (size_t i = 0; i < compiled.size(); ++i) {
    std::smatch m;
    if (!std::regex_search(line, m, compiled[i].start, std::regex_constants::match_continuous)) {
      continue;
    }
    if (groups) {
      groups->clear();
      for (size_t g = 0; g < m.size(); ++g) groups->push_back(m[g].str());
    }
    return static_cast<int>(i);
  }
  return -1;
}

bool MatchEnd(int row, const std::string& line) {
  const Compiled& c = CompiledPatterns()[static_cast<size_t>(row)];
  if (c.end) return std::regex_search(line, *c.end);
  return line.find("</TASK>") != std::string::npos;
}

bool MatchMore(int row, const std::string& line) {
  const Compiled& c = CompiledPatterns()[static_cast<size_t>(row)];
  return c.more && std::regex_search(line, *c.more, std::regex_constants::match_continuous);
}

std::string BuildTitle(int row, const std::vector<std::string>& groups,
                       const std::vector<std::string>& lines) {
  const KernelLogPattern& p = kPatterns[row];
  std::string title = p.title;
  for (size_t g = groups.size(); g-- > 1;) {  // $10 before $1 would be wrong; we stop at 9
    ReplaceAll(title, "$" + std::to_string(g), Stable(groups[g]));
  }
  ReplaceAll(title, "{ACCESS}", KasanAccess(lines));
  if (title.find("{FUNC}") != std::string::npos) {
    std::string f = Function(p, lines);
    if (f.empty()) {
      ReplaceAll(title, " in {FUNC}", "");
      ReplaceAll(title, "{FUNC}", "");
    } else {
      ReplaceAll(title, "{FUNC}", f);
    }
  }
  return title;
}

std::optional<FindingClass> ClassOf(Verdict v) {
  switch (v) {
    case Verdict::kWarning: return FindingClass::kKernelWarning;
    case Verdict::kBug: return FindingClass::kKernelBug;
    case Verdict::kHang: return FindingClass::kHang;
    case Verdict::kDioCollision: return FindingClass::kDioCollision;
    case Verdict::kSignal: return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace fsfuzz
