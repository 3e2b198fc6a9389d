// The kernel-log pattern table: which log lines start a report, what kind of finding it
// is, how it ends, and how its syzkaller-style title is made. One table, one row per
// kind of report; kernel_log.cc walks the log with it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "src/fsfuzz/finding/finding.h"

namespace fsfuzz {

// Where {FUNC} in a title comes from.
enum class FuncFrom : uint8_t {
  kNone,         // the title has no function
  kLineSymbol,   // the first "sym+0x../0x.." on the start line, else RIP, else first frame
  kRip,          // the RIP/pc line, else the first frame
  kFirstFrame,   // the first call-trace frame that is not waiting/locking/reporting code
  kLockAcquire,  // lockdep: the ", at: FUNC" of the lock being acquired
};

enum class Shape : uint8_t {
  kLine,   // the start line plus following lines matching `more`
  kTrace,  // up to the `end` line (or "</TASK>" when end is null) or the next report
};

enum class Verdict : uint8_t { kWarning, kBug, kHang, kDioCollision, kSignal };

struct KernelLogPattern {
  const char* name;   // stable id, e.g. "warning"
  const char* start;  // ECMAScript regex, anchored at the start of the line text
  Verdict verdict;
  // $1..$9: groups of the start line (cut before ':', ',', '=', '(', '[' and numbers so
  // titles stay stable), {FUNC} (see FuncFrom; " in {FUNC}" is dropped if none is found),
  // {ACCESS} (" Read"/" Write" from KASAN's "Read of size N").
  const char* title;
  FuncFrom func;
  Shape shape;
  const char* end;   // kTrace: regex of the last line (included); nullptr: "</TASK>"
  const char* more;  // kLine: regex of continuation lines; nullptr: none
  // A line that only starts a report of its own when none is open ("Oops: ..." and
  // "Kernel panic" follow BUG/WARNING reports and belong to them).
  bool follower = false;
};

// The table, in match order (first match wins).
std::span<const KernelLogPattern> KernelLogPatterns();

// The index of the first row whose start matches `line` (its groups in *groups), or -1.
int MatchStart(const std::string& line, std::vector<std::string>* groups);

// Whether `line` ends / continues a report of row `row`.
bool MatchEnd(int row, const std::string& line);
bool MatchMore(int row, const std::string& line);

// The title of a report of row `row` with start-line groups and all its lines.
std::string BuildTitle(int row, const std::vector<std::string>& groups,
                       const std::vector<std::string>& lines);

// The finding class of a verdict (nullopt for kSignal).
std::optional<FindingClass> ClassOf(Verdict v);

}  // namespace fsfuzz
