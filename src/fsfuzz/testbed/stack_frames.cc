// Frame and RIP parsing for kernel reports (see stack_frames.h).
#include "src/fsfuzz/testbed/stack_frames.h"

#include <cctype>
#include <regex>

namespace fsfuzz {
namespace {

bool IsSymChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.' || c == '$';
}

const std::regex& SymOffsetRe() {
  static const std::regex re("([A-Za-z_][A-Za-z0-9_.$]*)\\+0x[0-9a-f]+/0x[0-9a-f]+");
  return re;
}

}  // namespace

std::string CleanFunction(const std::string& name) {
  static const char* const kSuffixes[] = {".isra.", ".constprop.", ".part.", ".cold", ".llvm.",
                                          ".lto_priv.", ".specialized."};
  size_t cut = name.size();
  for (const char* s : kSuffixes) {
    size_t at = name.find(s);
    if (at != std::string::npos && at > 0 && at < cut) cut = at;
  }
  return name.substr(0, cut);
}

std::string FrameFunction(const std::string& line, bool* questionable) {
  *questionable = false;
  size_t i = 0;
  while (i < line.size() && line[i] == ' ') ++i;
  // Old kernels print the address first: " [<ffffffff812a4b3c>] iomap_dio_rw+0x2c/0x60".
  while (i + 2 < line.size() && line[i] == '[' && line[i + 1] == '<') {
    size_t close = line.find(">]", i);
    if (close == std::string::npos) return "";
    i = close + 2;
    while (i < line.size() && line[i] == ' ') ++i;
  }
  if (i + 1 < line.size() && line[i] == '?' && line[i + 1] == ' ') {
    *questionable = true;
    i += 2;
  }
  size_t j = i;
  while (j < line.size() && IsSymChar(line[j])) ++j;
  if (j == i || std::isdigit(static_cast<unsigned char>(line[i])) != 0) return "";
  std::string name = line.substr(i, j - i);
  if (line.compare(j, 3, "+0x") == 0) return CleanFunction(name);
  // Symbolized inline frame: "  inode_lock include/linux/fs.h:802 [inline]".
  if (line.size() > 9 && line.compare(line.size() - 8, 8, "[inline]") == 0 && j < line.size() &&
      line[j] == ' ') {
    return CleanFunction(name);
  }
  return "";
}

std::string FirstSymbol(const std::string& line) {
  std::smatch m;
  if (!std::regex_search(line, m, SymOffsetRe())) return "";
  return CleanFunction(m[1].str());
}

std::string RipFunction(const std::vector<std::string>& lines) {
  static const std::regex re("^\\s*(?:RIP: [0-9a-f]{4}:|pc : |EIP: [0-9a-f]{4}:)"
                             "(?:\\[<[0-9a-f]+>\\]\\s*)*([A-Za-z_][A-Za-z0-9_.$]*)\\+0x");
  for (const std::string& line : lines) {
    std::smatch m;
    if (std::regex_search(line, m, re)) return CleanFunction(m[1].str());
  }
  return "";
}

bool IsMachineryFrame(const std::string& func) {
  static const char* const kPrefixes[] = {
      // scheduling and waiting
      "__schedule", "schedule", "preempt_schedule", "io_schedule", "context_switch",
      "__switch_to", "wait_for_completion", "__wait_for_common", "wait_for_common",
      "do_wait_for_common", "__wait_on_bit", "out_of_line_wait_on_bit", "wait_on_bit",
      "bit_wait", "folio_wait", "__folio_lock", "folio_lock", "__lock_page", "lock_page",
      "wait_on_page", "__wait_on_buffer", "wait_on_buffer", "__cond_resched",
      // locks
      "__mutex_lock", "mutex_lock", "rwsem_down", "down_read", "down_write", "__down",
      "down_timeout", "down_interruptible", "down_killable", "percpu_down", "__percpu_down",
      "percpu_rwsem", "rt_mutex", "__rt_mutex", "rwbase_", "__rwbase", "_raw_spin",
      "__raw_spin", "_raw_read", "_raw_write", "queued_spin", "native_queued_spin",
      "lock_acquire", "lock_release", "__lock_acquire",
      // reporting
      "dump_stack", "__dump_stack", "show_stack", "show_trace", "sched_show_task",
      "__might_sleep", "__might_resched", "__might_fault", "might_fault", "bad_page",
      "__warn", "warn_slowpath", "report_bug", "handle_bug", "exc_invalid_op",
      "asm_exc_invalid_op", "ubsan_", "__ubsan", "kasan_", "__kasan", "print_report",
      "print_address_description", "check_hung", "watchdog", "lockdep_", "print_circular",
      "check_noncircular", "check_prev_add", "validate_chain",
      // interrupts, timers and RCU (stall reports)
      "rcu_", "__rcu", "irq_exit", "__irq_exit", "sysvec_", "asm_sysvec", "__sysvec",
      "handle_softirqs", "__do_softirq", "update_process_times", "tick_", "__hrtimer",
      "hrtimer_", "nmi_", "native_safe_halt", "arch_cpu_idle", "default_idle",
  };
  for (const char* p : kPrefixes) {
    if (func.compare(0, std::char_traits<char>::length(p), p) == 0) return true;
  }
  return false;
}

std::string FirstFrame(const std::vector<std::string>& lines) {
  bool have_header = false;
  for (const std::string& line : lines) {
    if (line.find("Call Trace:") != std::string::npos) have_header = true;
  }
  bool in_trace = !have_header;
  for (const std::string& line : lines) {
    if (!in_trace) {
      in_trace = line.find("Call Trace:") != std::string::npos;
      continue;
    }
    bool questionable = false;
    std::string f = FrameFunction(line, &questionable);
    if (f.empty() || questionable || IsMachineryFrame(f)) continue;
    return f;
  }
  return "";
}

}  // namespace fsfuzz
