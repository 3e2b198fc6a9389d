// Kernel log lines and report grouping (see kernel_log.h; the patterns live in
// kernel_log_patterns.cc).
#include "src/fsfuzz/testbed/kernel_log.h"

#include <cctype>
#include <cstdlib>

#include "src/fsfuzz/testbed/kernel_log_patterns.h"

namespace fsfuzz {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// "[ 1234.567890]" at the start of `s`: strips it (and one space) and sets *ts_us.
bool StripTimestamp(std::string_view* s, uint64_t* ts_us) {
  if (s->empty() || (*s)[0] != '[') return false;
  size_t close = s->find(']');
  if (close == std::string_view::npos || close > 32) return false;
  std::string_view inner = s->substr(1, close - 1);
  while (!inner.empty() && inner[0] == ' ') inner.remove_prefix(1);
  size_t dot = inner.find('.');
  if (dot == std::string_view::npos || !AllDigits(inner.substr(0, dot)) ||
      !AllDigits(inner.substr(dot + 1))) {
    return false;
  }
  std::string frac(inner.substr(dot + 1));
  frac.resize(6, '0');
  *ts_us = std::strtoull(std::string(inner.substr(0, dot)).c_str(), nullptr, 10) * 1000000 +
           std::strtoull(frac.c_str(), nullptr, 10);
  s->remove_prefix(close + 1);
  return true;
}

// "[  T1234]" / "[    C0]": the caller id printed by CONFIG_PRINTK_CALLER kernels.
void StripCallerId(std::string_view* s) {
  if (s->size() < 4 || (*s)[0] != '[') return;
  size_t close = s->find(']');
  if (close == std::string_view::npos || close > 16) return;
  std::string_view inner = s->substr(1, close - 1);
  while (!inner.empty() && inner[0] == ' ') inner.remove_prefix(1);
  if (inner.size() < 2 || (inner[0] != 'T' && inner[0] != 'C') || !AllDigits(inner.substr(1))) {
    return;
  }
  s->remove_prefix(close + 1);
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] == 'x' &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 3]))) {
      out += static_cast<char>(std::strtol(std::string(s.substr(i + 2, 2)).c_str(), nullptr, 16));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

void PushLines(const std::string& text, uint64_t ts, std::vector<LogLine>* out) {
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string::npos) j = text.size();
    if (j > i || j < text.size()) out->push_back(LogLine{ts, text.substr(i, j - i)});
    i = j + 1;
  }
}

KernelReport Open(int row, const LogLine& first) {
  KernelReport r;
  r.pattern = KernelLogPatterns()[static_cast<size_t>(row)].name;
  r.ts_us = first.ts_us;
  r.lines.push_back(first.text);
  return r;
}

}  // namespace

bool ParseKmsgRecord(std::string_view record, std::vector<LogLine>* out) {
  // "PRIO,SEQ,TS_US,FLAGS[,...];MESSAGE" then optional " KEY=VALUE" dictionary lines.
  size_t semi = record.find(';');
  if (semi == std::string_view::npos) return false;
  std::string_view head = record.substr(0, semi);
  std::string_view fields[3];
  size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    size_t comma = head.find(',', pos);
    if (comma == std::string_view::npos) return false;
    fields[i] = head.substr(pos, comma - pos);
    pos = comma + 1;
  }
  if (!AllDigits(fields[0]) || !AllDigits(fields[1]) || !AllDigits(fields[2])) return false;
  std::string_view msg = record.substr(semi + 1);
  size_t nl = msg.find('\n');
  if (nl != std::string_view::npos) msg = msg.substr(0, nl);
  uint64_t ts = std::strtoull(std::string(fields[2]).c_str(), nullptr, 10);
  PushLines(Unescape(msg), ts, out);
  return true;
}

std::vector<LogLine> SplitKernelLog(std::string_view text) {
  std::vector<LogLine> out;
  bool prev_record = false;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view line = text.substr(i, j - i);
    i = j + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (prev_record && !line.empty() && line[0] == ' ' && line.find('=') != std::string_view::npos &&
        line.find('+') == std::string_view::npos) {
      continue;  // a /dev/kmsg dictionary line (" SUBSYSTEM=block")
    }
    if (ParseKmsgRecord(line, &out)) {
      prev_record = true;
      continue;
    }
    prev_record = false;
    // syslog: "Nov 25 10:00:00 host kernel: [  12.3] text".
    size_t k = line.find(" kernel: ");
    if (k != std::string_view::npos && k < 64) line.remove_prefix(k + 9);
    // "<4>" console level.
    if (line.size() >= 3 && line[0] == '<' && std::isdigit(static_cast<unsigned char>(line[1]))) {
      size_t close = line.find('>');
      if (close != std::string_view::npos && close <= 4) line.remove_prefix(close + 1);
    }
    LogLine l;
    if (StripTimestamp(&line, &l.ts_us)) StripCallerId(&line);
    if (!line.empty() && line[0] == ' ') line.remove_prefix(1);  // the one after "]"
    l.text = std::string(line);
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<KernelReport> FindReports(const std::vector<LogLine>& lines) {
  std::vector<KernelReport> out;
  int row = -1;  // the open report's pattern row, -1: none
  std::vector<std::string> groups;
  KernelReport cur;
  auto close = [&](bool complete) {
    cur.title = BuildTitle(row, groups, cur.lines);
    cur.cls = ClassOf(KernelLogPatterns()[static_cast<size_t>(row)].verdict);
    cur.complete = complete;
    out.push_back(std::move(cur));
    cur = KernelReport();
    row = -1;
  };
  for (const LogLine& line : lines) {
    if (row >= 0) {
      const KernelLogPattern& p = KernelLogPatterns()[static_cast<size_t>(row)];
      if (p.shape == Shape::kLine) {
        if (MatchMore(row, line.text)) {
          cur.lines.push_back(line.text);
          continue;
        }
        close(true);
      } else {
        std::vector<std::string> next_groups;
        int next = MatchStart(line.text, &next_groups);
        if (next >= 0 && KernelLogPatterns()[static_cast<size_t>(next)].follower) next = -1;
        if (next >= 0) {
          close(true);  // a new report starts: the open one ends here
        } else {
          cur.lines.push_back(line.text);
          if (MatchEnd(row, line.text)) close(true);
          continue;
        }
      }
    }
    int start = MatchStart(line.text, &groups);
    if (start < 0) continue;
    row = start;
    cur = Open(row, line);
  }
  if (row >= 0) {
    const KernelLogPattern& p = KernelLogPatterns()[static_cast<size_t>(row)];
    close(p.shape == Shape::kLine && p.more == nullptr);
  }
  return out;
}

std::vector<KernelReport> ParseKernelLog(std::string_view text) {
  return FindReports(SplitKernelLog(text));
}

std::optional<Finding> ToFinding(const KernelReport& report, const std::string& fs) {
  if (!report.cls) return std::nullopt;
  Finding f;
  f.cls = *report.cls;
  f.title = report.title;
  f.fs = fs;
  f.detail = report.lines.empty() ? report.title : report.lines.front();
  f.evidence["kernel_log"] = report.lines;
  f.evidence["kernel_log_pattern"] = report.pattern;
  f.evidence["kernel_log_ts_us"] = report.ts_us;
  return f;
}

}  // namespace fsfuzz
