// Tests for writing the report directory.
#include "reports/write_report.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "reports/report_html.h"
#include "reports/report_md.h"
#include "reports/testing/sample.h"
#include "src/fsfuzz/trace/atomic_file.h"

namespace fsfuzz::reports {
namespace {

class WriteReport : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/fsfuzz-report-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(WriteReport, WritesTheThreeFiles) {
  const Summary s = testing::SampleSummary();
  const std::string out = dir_ + "/nested/report";  // parents are created
  ASSERT_TRUE(WriteReportDir(s, out).ok());
  EXPECT_EQ(*ReadWholeFile(out + "/report.md"), RenderMarkdown(s));
  EXPECT_EQ(*ReadWholeFile(out + "/report.html"), RenderHtml(s));
  Result<Summary> back = ReadSummaryFile(out + "/summary.json");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, s);
  // Nothing but the three files: no temp file is left behind.
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(out)) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 3u);
}

TEST_F(WriteReport, ReplacesAnOldReport) {
  ASSERT_TRUE(WriteReportDir(testing::SmallSummary(), dir_).ok());
  ASSERT_TRUE(WriteReportDir(testing::SampleSummary(), dir_).ok());
  EXPECT_EQ(*ReadSummaryFile(dir_ + "/summary.json"), testing::SampleSummary());
}

TEST_F(WriteReport, FailsAsAValue) {
  const std::string file = dir_ + "/plain-file";
  ASSERT_TRUE(WriteFileAtomic(file, "x").ok());
  const Status st = WriteReportDir(testing::SmallSummary(), file + "/sub");
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(st.kind(), ErrorKind::kIo);
}

}  // namespace
}  // namespace fsfuzz::reports
