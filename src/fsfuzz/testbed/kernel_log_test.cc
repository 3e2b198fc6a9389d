// Tests for kernel-log parsing: every file in testdata/kernel-logs carries its expected
// titles in "# TITLE:" header lines (syzkaller pkg/report style), plus unit tests of the
// line, record and frame parsers.
#include "src/fsfuzz/testbed/kernel_log.h"

#include <dirent.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/kernel_log_patterns.h"
#include "src/fsfuzz/testbed/stack_frames.h"

namespace fsfuzz {
namespace {

const std::string kLogDir = std::string(FSFUZZ_TESTBED_TESTDATA) + "/kernel-logs";

struct LogCase {
  std::string file;
  std::vector<std::string> titles;  // expected, in order; empty for "none"
  std::string cls;                  // "" (unchecked), a finding class name, or "signal"
  std::string body;                 // the log without header lines
};

std::vector<LogCase> LoadCases() {
  std::vector<LogCase> out;
  DIR* d = ::opendir(kLogDir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = ::readdir(d)) {
    std::string name = e->d_name;
    if (name.size() < 5 || name.substr(name.size() - 4) != ".txt") continue;
    LogCase c;
    c.file = name;
    std::ifstream in(kLogDir + "/" + name);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("# TITLE: ", 0) == 0) {
        std::string t = line.substr(9);
        if (t != "none") c.titles.push_back(t);
      } else if (line.rfind("# CLASS: ", 0) == 0) {
        c.cls = line.substr(9);
      } else if (line.rfind("#", 0) != 0) {
        c.body += line + "\n";
      }
    }
    out.push_back(std::move(c));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const LogCase& a, const LogCase& b) { return a.file < b.file; });
  return out;
}

TEST(KernelLogFiles, TitlesMatchHeaders) {
  std::vector<LogCase> cases = LoadCases();
  ASSERT_GE(cases.size(), 14u) << "missing test data in " << kLogDir;
  std::set<std::string> rows_seen;
  for (const LogCase& c : cases) {
    SCOPED_TRACE(c.file);
    std::vector<KernelReport> reports = ParseKernelLog(c.body);
    std::vector<std::string> titles;
    for (const KernelReport& r : reports) {
      titles.push_back(r.title);
      rows_seen.insert(r.pattern);
      if (c.cls == "signal") {
        EXPECT_FALSE(r.is_finding()) << r.title;
      } else if (!c.cls.empty()) {
        ASSERT_TRUE(r.is_finding()) << r.title;
        EXPECT_EQ(ClassName(*r.cls), c.cls) << r.title;
      }
      EXPECT_FALSE(r.lines.empty());
      EXPECT_NE(r.ts_us, 0u) << r.title;
    }
    EXPECT_EQ(titles, c.titles);
  }
  // Every kind the brief names has a file (rows without one are variations of these).
  for (const char* row : {"warning", "paging-request", "null-deref", "kernel-bug", "gpf", "kasan",
                          "lockdep-circular", "hung-task", "soft-lockup", "rcu-stall",
                          "ext4-error", "xfs-internal", "xfs-metadata", "btrfs-error",
                          "btrfs-abort", "bcachefs-error", "bcachefs-fn-error", "dio-invalidate",
                          "dio-read-collision"}) {
    EXPECT_TRUE(rows_seen.count(row)) << "no test log exercises pattern " << row;
  }
}

TEST(KernelLogFiles, ReportsKeepTheirLines) {
  for (const LogCase& c : LoadCases()) {
    if (c.file != "warning_iomap.txt") continue;
    std::vector<KernelReport> r = ParseKernelLog(c.body);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].lines.front().rfind("WARNING: CPU: 1 PID: 4321", 0), 0u);
    EXPECT_EQ(r[0].lines.back(), "---[ end trace 0000000000000000 ]---");
    EXPECT_TRUE(r[0].complete);
    EXPECT_EQ(r[0].ts_us, 1234567901u);
  }
}

TEST(KernelLog, SplitsPrefixes) {
  std::vector<LogLine> l = SplitKernelLog(
      "[ 1234.567890] hello\n"
      "[    1.000001][ T123]  frame+0x1/0x2\n"
      "<4>[   2.5] lvl\n"
      "Nov 25 10:00:00 host kernel: [ 3.000000] syslog\n"
      "no prefix\n");
  ASSERT_EQ(l.size(), 5u);
  EXPECT_EQ(l[0].text, "hello");
  EXPECT_EQ(l[0].ts_us, 1234567890u);
  EXPECT_EQ(l[1].text, " frame+0x1/0x2");
  EXPECT_EQ(l[1].ts_us, 1000001u);
  EXPECT_EQ(l[2].text, "lvl");
  EXPECT_EQ(l[2].ts_us, 2500000u);
  EXPECT_EQ(l[3].text, "syslog");
  EXPECT_EQ(l[4].text, "no prefix");
  EXPECT_EQ(l[4].ts_us, 0u);
}

TEST(KernelLog, ParsesKmsgRecords) {
  std::vector<LogLine> out;
  EXPECT_TRUE(ParseKmsgRecord("6,1234,5678901,-;message here", &out));
  EXPECT_TRUE(ParseKmsgRecord("4,1235,5678999,c,caller=T12;a\\x0ab\\x5cc", &out));
  EXPECT_FALSE(ParseKmsgRecord("[ 1.0] not a record", &out));
  EXPECT_FALSE(ParseKmsgRecord("x,1,2,-;bad prio", &out));
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].text, "message here");
  EXPECT_EQ(out[0].ts_us, 5678901u);
  EXPECT_EQ(out[1].text, "a");  // an escaped newline splits the message
  EXPECT_EQ(out[2].text, "b\\c");
  EXPECT_EQ(out[2].ts_us, 5678999u);
}

TEST(KernelLog, IncompleteReportIsMarked) {
  std::vector<KernelReport> r = ParseKernelLog(
      "[ 1.0] WARNING: CPU: 0 PID: 1 at fs/x.c:1 f_one+0x1/0x2\n"
      "[ 1.1] Call Trace:\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].complete);
  EXPECT_EQ(r[0].title, "WARNING in f_one");
}

TEST(KernelLog, NewReportClosesTheOpenOne) {
  std::vector<KernelReport> r = ParseKernelLog(
      "[ 1.0] WARNING: CPU: 0 PID: 1 at fs/x.c:1 f_one+0x1/0x2\n"
      "[ 1.1] WARNING: CPU: 0 PID: 1 at fs/x.c:2 f_two+0x1/0x2\n"
      "[ 1.2] ---[ end trace 0000000000000000 ]---\n");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_TRUE(r[0].complete);
  EXPECT_EQ(r[0].title, "WARNING in f_one");
  EXPECT_EQ(r[1].title, "WARNING in f_two");
  EXPECT_TRUE(r[1].complete);
}

TEST(KernelLog, TitleWithoutFunctionDropsIt) {
  std::vector<KernelReport> r = ParseKernelLog("[ 1.0] kernel BUG at mm/filemap.c:1!\n");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].title, "kernel BUG");
}

TEST(KernelLog, ToFindingCarriesEvidence) {
  std::vector<KernelReport> r = ParseKernelLog(
      "[ 5.0] EXT4-fs error (device loop0): ext4_foo:12: bad\n"
      "[ 6.0] Direct I/O collision with buffered writes! File: /x Comm: y\n");
  ASSERT_EQ(r.size(), 2u);
  std::optional<Finding> f = ToFinding(r[0], "ext4");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->cls, FindingClass::kKernelWarning);
  EXPECT_EQ(f->title, "EXT4-fs error in ext4_foo");
  EXPECT_EQ(f->fs, "ext4");
  EXPECT_EQ(f->evidence["kernel_log"].size(), 1u);
  EXPECT_FALSE(ToFinding(r[1], "ext4").has_value());  // a signal
}

TEST(StackFrames, ParsesFrames) {
  bool q = false;
  EXPECT_EQ(FrameFunction(" iomap_dio_rw+0x2c/0x60", &q), "iomap_dio_rw");
  EXPECT_FALSE(q);
  EXPECT_EQ(FrameFunction(" ? __warn+0x89/0x140", &q), "__warn");
  EXPECT_TRUE(q);
  EXPECT_EQ(FrameFunction(" [<ffffffff81a3c4f0>] __schedule+0x3f0/0xb40", &q), "__schedule");
  EXPECT_EQ(FrameFunction("  inode_lock include/linux/fs.h:802 [inline]", &q), "inode_lock");
  EXPECT_EQ(FrameFunction(" f.isra.0+0x1/0x2 fs/x.c:1", &q), "f");
  EXPECT_EQ(FrameFunction("RIP: 0010:f+0x1/0x2", &q), "");
  EXPECT_EQ(FrameFunction(" <TASK>", &q), "");
  EXPECT_EQ(CleanFunction("g.constprop.0.cold"), "g");
  EXPECT_EQ(RipFunction({"RIP: 0033:0x7f12", "RIP: 0010:h+0x1/0x2"}), "h");
  EXPECT_EQ(RipFunction({"pc : arm_f+0x10/0x20"}), "arm_f");
  EXPECT_TRUE(IsMachineryFrame("rwsem_down_write_slowpath"));
  EXPECT_FALSE(IsMachineryFrame("iomap_dio_rw"));
}

TEST(KernelLogPatterns, EveryRowCompilesAndIsNamedOnce) {
  std::set<std::string> names;
  for (const KernelLogPattern& p : KernelLogPatterns()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_TRUE(p.shape == Shape::kTrace || p.end == nullptr) << p.name;
  }
  std::vector<std::string> g;
  EXPECT_EQ(MatchStart("nothing to see", &g), -1);  // forces compilation of every regex
}

}  // namespace
}  // namespace fsfuzz
