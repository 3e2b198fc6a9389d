// Tests for the SVG charts: each is well-formed on its own, labelled, has a legend, and
// draws one mark per figure; plus the scales and tick helpers they use.
#include "reports/svg.h"

#include <gtest/gtest.h>

#include <regex>

#include "reports/charts.h"
#include "reports/testing/sample.h"
#include "reports/testing/xml_check.h"

namespace fsfuzz::reports {
namespace {

bool Has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Every x/y/width/height/cx/cy/x1/... attribute lies inside the viewBox.
void ExpectInside(const std::string& svg) {
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex("viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"")));
  const double w = std::stod(m[1]), h = std::stod(m[2]);
  const std::regex attr(" (x|x1|x2|cx|y|y1|y2|cy)=\"(-?[0-9.]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), attr); it != std::sregex_iterator(); ++it) {
    const double v = std::stod((*it)[2]);
    const std::string name = (*it)[1];
    const double limit = name.find('x') != std::string::npos ? w : h;
    EXPECT_GE(v, 0) << (*it)[0];
    EXPECT_LE(v, limit) << (*it)[0];
  }
}

TEST(Charts, WellFormedLabelledWithLegend) {
  const Summary s = testing::SampleSummary();
  const std::pair<std::string, std::vector<std::string>> charts[] = {
      {ThroughputChart(s), {"ops/s (log scale)", "op kind"}},
      {LatencyChart(s), {"latency per op (log scale)", "dot: p50, diamond: p99, bar: max", "10 ms"}},
      {FindingsChart(s), {"finding class", ">findings</text>", ">none</text>"}},
      {HistogramChart(s), {"share of the op kind", ">dwrite</text>"}},
  };
  for (const auto& [svg, labels] : charts) {
    SCOPED_TRACE(svg.substr(0, 120));
    const Status st = testing::CheckWellFormedXml(svg);
    EXPECT_TRUE(st.ok()) << st.message();
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"chart-", 0), 0u);
    EXPECT_TRUE(Has(svg, "<title>"));
    for (const std::string& l : labels) EXPECT_TRUE(Has(svg, l)) << l;
    for (const char* fs : {"ext4", "xfs", "btrfs", "tmpfs"})
      EXPECT_TRUE(Has(svg, ">" + std::string(fs) + "</text>")) << fs;
    EXPECT_FALSE(Has(svg, ">bcachefs<"));  // skipped: no colour, no legend entry
    EXPECT_FALSE(Has(svg, "nan"));
    EXPECT_FALSE(Has(svg, "inf\""));
    ExpectInside(svg);
  }
}

TEST(Charts, OneMarkPerFigure) {
  const Summary s = testing::SampleSummary();
  // 4 filesystems x 18 op kinds, each with a rate and latencies.
  EXPECT_EQ(Count(ThroughputChart(s), " ops/s</title></rect>"), 72u);
  EXPECT_EQ(Count(LatencyChart(s), "<circle"), 72u + 1);   // + the marker key's dot
  EXPECT_EQ(Count(LatencyChart(s), "<polygon"), 72u + 1);  // + the marker key's diamond
  EXPECT_EQ(Count(HistogramChart(s), "<polyline"), 72u);
  // ext4 dio-collision, xfs data-mismatch and dio-collision, btrfs kernel-warning.
  const std::string findings = FindingsChart(s);
  EXPECT_EQ(Count(findings, " findings</title></rect>"), 4u);
  EXPECT_TRUE(Has(findings, "<title>xfs dio-collision: 5 findings</title>"));
  EXPECT_EQ(Count(findings, ">none</text>"), 7u);  // the classes nobody hit
}

TEST(Charts, EmptyStates) {
  Summary s = testing::SmallSummary();
  s.filesystems[0].findings.clear();
  EXPECT_TRUE(Has(FindingsChart(s), "no findings on any filesystem"));
  s.filesystems.resize(0);
  for (const std::string& svg : {ThroughputChart(s), LatencyChart(s), FindingsChart(s)}) {
    EXPECT_TRUE(testing::CheckWellFormedXml(svg).ok()) << svg;
    ExpectInside(svg);
  }
  EXPECT_EQ(HistogramChart(s), "");
}

TEST(Svg, Ticks) {
  EXPECT_EQ(NiceTicks(7, 5, true), (std::vector<double>{0, 2, 4, 6, 8}));
  EXPECT_EQ(NiceTicks(3, 5, true), (std::vector<double>{0, 1, 2, 3}));
  const std::vector<double> fractions = NiceTicks(0.9, 5, false);
  ASSERT_EQ(fractions.size(), 6u);
  for (size_t i = 0; i < fractions.size(); ++i) EXPECT_NEAR(fractions[i], 0.2 * static_cast<double>(i), 1e-12);
  EXPECT_EQ(DecadeTicks(16.7, 21776), (std::vector<double>{10, 100, 1000, 10000, 100000}));
  EXPECT_EQ(DecadeTicks(1, 1), (std::vector<double>{1, 10}));
  EXPECT_EQ(DecadeTicks(1e-300, 1e300).size(), 13u);
  EXPECT_EQ(DecadeTicks(1e-300, 1e300).back(), 1e300);
  EXPECT_EQ(ShortNumber(1), "1");
  EXPECT_EQ(ShortNumber(0.1), "0.1");
  EXPECT_EQ(ShortNumber(10000), "10k");
  EXPECT_EQ(ShortNumber(2500000), "2.5M");
}

TEST(Svg, Scales) {
  const LogScale log{1, 1000, 0, 300};
  EXPECT_DOUBLE_EQ(log(10), 100);
  EXPECT_DOUBLE_EQ(log(0.001), 0);  // clamped
  EXPECT_DOUBLE_EQ(log(1e9), 300);
  const LinearScale lin{0, 10, 200, 0};
  EXPECT_DOUBLE_EQ(lin(5), 100);
}

TEST(Svg, EscapesTextAndAttributes) {
  Svg svg("id\"x", 10, 10, "a<b");
  svg.Text(1, 1, "<&>");
  svg.Rect(0, 0, 1, 1, "#000", "t<ip>");
  const std::string out = svg.Finish();
  EXPECT_TRUE(testing::CheckWellFormedXml(out).ok()) << out;
  EXPECT_TRUE(Has(out, "id=\"id&quot;x\""));
  EXPECT_TRUE(Has(out, ">&lt;&amp;&gt;</text>"));
  EXPECT_TRUE(Has(out, "<title>t&lt;ip&gt;</title>"));
}

TEST(XmlCheck, CatchesMalformedMarkup) {
  EXPECT_TRUE(testing::CheckWellFormedXml("<!DOCTYPE html>\n<a x=\"1\"><b/>t &amp; &#39; &#x41;</a>\n").ok());
  for (const char* bad : {"<a><b></a></b>", "<a>", "<a x=1/>", "<a>&</a>", "<a>x</a><b/>", "text<a/>", "<a x=\"<\"/>",
                          "<a>a < b</a>", "<a x=\"1\"y=\"2\"/>", ""})
    EXPECT_FALSE(testing::CheckWellFormedXml(bad).ok()) << bad;
}

}  // namespace
}  // namespace fsfuzz::reports
