// Tests for the Markdown report: every filesystem, kernel and skip reason is there, and
// the tables are aligned pipe tables in plain ASCII.
#include "reports/report_md.h"

#include <gtest/gtest.h>

#include <sstream>

#include "reports/testing/sample.h"

namespace fsfuzz::reports {
namespace {

bool Has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// Lines of the table that follows the heading `## title`.
std::vector<std::string> TableAfter(const std::string& md, const std::string& title) {
  std::istringstream in(md.substr(md.find("## " + title)));
  std::vector<std::string> rows;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty() && rows.empty()) continue;
    if (line.empty() || line[0] != '|') break;
    rows.push_back(line);
  }
  return rows;
}

TEST(ReportMd, FilesystemTableHasEveryFilesystem) {
  const Summary s = testing::SampleSummary();
  const std::string md = RenderMarkdown(s);
  const std::vector<std::string> rows = TableAfter(md, "Filesystems");
  ASSERT_EQ(rows.size(), 2 + s.filesystems.size());
  for (size_t i = 0; i < s.filesystems.size(); ++i)
    EXPECT_EQ(rows[2 + i].rfind("| " + s.filesystems[i].name + " ", 0), 0u) << rows[2 + i];
  EXPECT_TRUE(Has(rows.back(), "skipped: bcachefs: not in /proc/filesystems (kernel 6.18.44 lacks it)"));
  EXPECT_TRUE(Has(rows[0], "| dio-collision |"));
  EXPECT_TRUE(Has(rows[0], "| data-mismatch |"));
  EXPECT_FALSE(Has(rows[0], "hang"));  // only classes that were found get a column
}

TEST(ReportMd, TablesAreAlignedAscii) {
  const std::string md = RenderMarkdown(testing::SampleSummary());
  for (unsigned char c : md) EXPECT_LT(c, 0x80) << "non-ASCII byte in the report";
  for (const char* title : {"Filesystems", "Throughput and latency per op kind", "Semantics", "Signals", "Findings"}) {
    const std::vector<std::string> rows = TableAfter(md, title);
    ASSERT_GE(rows.size(), 3u) << title;
    for (const std::string& r : rows) EXPECT_EQ(r.size(), rows[0].size()) << title << ": " << r;
  }
}

TEST(ReportMd, KernelOnEveryRowIncludingVm) {
  const std::string md = RenderMarkdown(testing::SmallSummary());
  const std::vector<std::string> rows = TableAfter(md, "Filesystems");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_TRUE(Has(rows[2], "| 6.18.44 ") && Has(rows[2], "| host "));
  EXPECT_TRUE(Has(rows[3], "| 6.12.48+deb13-amd64 ") && Has(rows[3], "| vm:debian-6.12 "));
  EXPECT_TRUE(Has(rows[4], "| 6.18.44 "));  // skipped on the host: the host's kernel
}

TEST(ReportMd, OpKindsSemanticsSignalsAndFindings) {
  const std::string md = RenderMarkdown(testing::SmallSummary());
  EXPECT_TRUE(Has(md, "| dwrite      | ext4       |  1000 |  16.7 |      3 |   50.1 |   80.0 |  120.0 |  900.0 |"))
      << md;
  // ext4's semantics block; xfs has none, so its env's probe and its collision signal.
  EXPECT_TRUE(Has(md, "| ext4       | snapshot                     | EINVAL         | yes           |")) << md;
  EXPECT_TRUE(Has(md, "| xfs        | forward                      | EINVAL         | yes           |")) << md;
  EXPECT_TRUE(Has(md, "| collision-eio         |    3 |   0 |"));
  EXPECT_TRUE(Has(md, "DIO collision: EIO from fsync in dwrite vs touch_write & <b>bold</b> on ext4"));
  EXPECT_TRUE(Has(md, "findings/finding-<x>&y.json"));
  EXPECT_TRUE(Has(md, "Run: seed 1, mix seed, 2 threads, 60.0 s per filesystem, file 1 MiB, op deadline 10000 ms."));
}

TEST(ReportMd, NoFindingsSaysSo) {
  Summary s = testing::SmallSummary();
  s.filesystems[0].findings.clear();
  EXPECT_TRUE(Has(RenderMarkdown(s), "No findings on any filesystem."));
}

}  // namespace
}  // namespace fsfuzz::reports
