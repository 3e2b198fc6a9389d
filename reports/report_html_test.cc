// Tests for the HTML report: escaping of every input string, the chart ids and names,
// well-formedness, and no script or network reference anywhere.
#include "reports/report_html.h"

#include <gtest/gtest.h>

#include "reports/charts.h"
#include "reports/testing/sample.h"
#include "reports/testing/xml_check.h"

namespace fsfuzz::reports {
namespace {

bool Has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(ReportHtml, EscapesTextFromTheSummary) {
  const std::string html = RenderHtml(testing::SmallSummary());
  EXPECT_FALSE(Has(html, "<script>"));
  EXPECT_FALSE(Has(html, "<b>bold</b>"));
  EXPECT_TRUE(Has(html, "# &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"));
  EXPECT_TRUE(Has(html, "<pre>file size=1M seed=1\n# &lt;script&gt;alert(1)&lt;/script&gt; &amp; more\n"));
  EXPECT_TRUE(Has(html, "touch_write &amp; &lt;b&gt;bold&lt;/b&gt; on ext4"));
  EXPECT_TRUE(Has(html, "findings/finding-&lt;x&gt;&amp;y.json"));
  EXPECT_TRUE(Has(html, "rw,relatime,data=&lt;ordered&gt;"));
}

TEST(ReportHtml, EscapesNamesInsideCharts) {
  Summary s = testing::SmallSummary();
  s.filesystems[0].name = "ext4<&>";
  s.filesystems[0].op_kinds[0].op = "dw\"rite";
  const std::string html = RenderHtml(s);
  EXPECT_TRUE(Has(html, "ext4&lt;&amp;&gt;"));
  EXPECT_FALSE(Has(html, "ext4<&>"));
  EXPECT_FALSE(Has(html, "dw\"rite"));
  EXPECT_TRUE(testing::CheckWellFormedXml(html).ok()) << testing::CheckWellFormedXml(html).message();
}

TEST(ReportHtml, HasChartsAndEveryFilesystem) {
  const Summary s = testing::SampleSummary();
  const std::string html = RenderHtml(s);
  for (const char* id : {kThroughputChartId, kLatencyChartId, kFindingsChartId, kHistogramChartId})
    EXPECT_TRUE(Has(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + std::string(id) + "\"")) << id;
  for (const FsResult& f : s.filesystems) {
    EXPECT_TRUE(Has(html, ">" + f.name + "<")) << f.name;
    if (f.ran()) {  // in the legend of each chart
      for (const char* id : {kThroughputChartId, kLatencyChartId, kFindingsChartId})
        EXPECT_TRUE(Has(testing::ElementById(html, "svg", id), ">" + f.name + "</text>")) << f.name << " " << id;
    }
  }
  EXPECT_TRUE(Has(html, "bcachefs: not in /proc/filesystems (kernel 6.18.44 lacks it); no VM kernel configured"));
}

TEST(ReportHtml, SelfContained) {
  const std::string html = RenderHtml(testing::SampleSummary());
  EXPECT_FALSE(Has(html, "<script"));
  EXPECT_FALSE(Has(html, "<link"));
  EXPECT_FALSE(Has(html, "<img"));
  EXPECT_FALSE(Has(html, "@import"));
  EXPECT_FALSE(Has(html, "url("));
  EXPECT_FALSE(Has(html, "https://"));
  // The only URL is the SVG namespace name, which is never fetched.
  size_t at = 0, urls = 0;
  while ((at = html.find("http://", at)) != std::string::npos) {
    EXPECT_EQ(html.compare(at, 26, "http://www.w3.org/2000/svg"), 0);
    ++at, ++urls;
  }
  EXPECT_GE(urls, 3u);
}

TEST(ReportHtml, WellFormed) {
  for (const Summary& s : {testing::SampleSummary(), testing::SmallSummary()}) {
    const std::string html = RenderHtml(s);
    const Status st = testing::CheckWellFormedXml(html);
    EXPECT_TRUE(st.ok()) << st.message();
  }
}

TEST(ReportHtml, SemanticsTable) {
  const std::string html = RenderHtml(testing::SampleSummary());
  EXPECT_TRUE(Has(html, "<th>overlapping DIO from mapping</th><th>misaligned DIO</th><th>collision EIO</th>"));
  EXPECT_TRUE(Has(html, "tmpfs</span></td><td>forward</td><td>buffered fallback</td><td>no</td>"));
  EXPECT_TRUE(Has(html, "ext4</span></td><td>snapshot</td><td>EINVAL</td><td>yes</td>"));
}

TEST(ReportHtml, NoFindingsState) {
  Summary s = testing::SmallSummary();
  s.filesystems[0].findings.clear();
  const std::string html = RenderHtml(s);
  EXPECT_TRUE(Has(testing::ElementById(html, "svg", kFindingsChartId), "no findings on any filesystem"));
  EXPECT_TRUE(Has(html, "No findings on any filesystem."));
}

TEST(ReportHtml, NothingRan) {
  Summary s = testing::SmallSummary();
  s.filesystems.erase(s.filesystems.begin(), s.filesystems.begin() + 2);
  const std::string html = RenderHtml(s);
  EXPECT_TRUE(testing::CheckWellFormedXml(html).ok());
  EXPECT_TRUE(Has(html, "id=\"chart-throughput\""));
  EXPECT_TRUE(Has(html, "no filesystem ran"));
  EXPECT_FALSE(Has(html, "id=\"chart-latency-histograms\""));
}

}  // namespace
}  // namespace fsfuzz::reports
