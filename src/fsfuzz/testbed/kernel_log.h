// Kernel log text turned into reports: lines from dmesg/console text or /dev/kmsg
// records, grouped into multi-line reports (a WARNING with its call trace, a hung task
// with its stack) and titled syzkaller-style through the pattern table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/fsfuzz/finding/finding.h"

namespace fsfuzz {

// One log line without its prefix ("[ 1234.567890] ", "[  T123] ", "<4>").
struct LogLine {
  uint64_t ts_us = 0;   // microseconds since boot (0: unknown)
  std::string text;
};

struct KernelReport {
  // nullopt: a signal worth counting (e.g. "Direct I/O collision with buffered writes",
  // documented behaviour), not a finding.
  std::optional<FindingClass> cls;
  std::string title;               // "WARNING in iomap_dio_rw"
  std::string pattern;             // the row of the pattern table that matched
  std::vector<std::string> lines;  // the report's raw lines (prefixes stripped)
  uint64_t ts_us = 0;              // timestamp of its first line
  bool complete = true;            // false: the input ended before the report did
  bool is_finding() const { return cls.has_value(); }
};

// Splits console or dmesg text into lines, stripping "[ 1234.567890]" timestamps (and a
// following "[ T123]"/"[ C1]" caller id) and "<N>" levels. Lines in /dev/kmsg record
// form ("6,1234,5678901,-;message") are parsed as records, dictionary lines (" KEY=")
// dropped.
std::vector<LogLine> SplitKernelLog(std::string_view text);

// Parses one /dev/kmsg record into its lines: the message is unescaped (\xNN) and a
// message holding newlines becomes several lines with the record's timestamp. Returns
// false when `record` is not in record form.
bool ParseKmsgRecord(std::string_view record, std::vector<LogLine>* out);

// Groups lines into reports. A report still open at the last line (its end marker not
// seen yet: a live log may still be printing it) comes back with complete=false.
std::vector<KernelReport> FindReports(const std::vector<LogLine>& lines);

// SplitKernelLog + FindReports: a whole log, e.g. a VM's serial console.
std::vector<KernelReport> ParseKernelLog(std::string_view text);

// The finding a report makes (nullopt for signals): class, title, fs, and the raw lines
// and timestamp as evidence.
std::optional<Finding> ToFinding(const KernelReport& report, const std::string& fs);

}  // namespace fsfuzz
