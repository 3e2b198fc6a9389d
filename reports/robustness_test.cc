// Random damage to the sample summary: the loader never throws, and whatever it accepts
// renders to well-formed HTML and a Markdown report (the stand-in for a fuzz target).
#include <gtest/gtest.h>

#include <random>

#include "reports/report_html.h"
#include "reports/report_md.h"
#include "reports/summary.h"
#include "reports/testing/sample.h"
#include "reports/testing/xml_check.h"

namespace fsfuzz::reports {
namespace {

using nlohmann::json;

json RandomValue(std::mt19937_64& rng) {
  switch (rng() % 10) {
    case 0:
      return nullptr;
    case 1:
      return -1;
    case 2:
      return 0;
    case 3:
      return 1e300;
    case 4:
      return 18446744073709551615ull;
    case 5:
      return "<script>&amp;\xC3\xA9";
    case 6:
      return "";
    case 7:
      return json::array({1, "x"});
    case 8:
      return json::object({{"p50", 1}});
    default:
      return rng() % 2 == 0;
  }
}

TEST(Robustness, DamagedSummariesFailCleanlyOrRender) {
  const json sample = ToJson(testing::SampleSummary());
  const json flat = sample.flatten();
  std::vector<std::string> paths;
  for (const auto& [path, value] : flat.items()) paths.push_back(path);
  std::mt19937_64 rng(20261125);
  size_t accepted = 0;
  for (int round = 0; round < 400; ++round) {
    json j = sample;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      const json::json_pointer p(paths[rng() % paths.size()]);
      if (!j.contains(p)) continue;
      if (rng() % 4 == 0 && !p.empty()) {
        json& parent = j[p.parent_pointer()];
        if (parent.is_object()) parent.erase(p.back());
      } else {
        j[p] = RandomValue(rng);
      }
    }
    Result<Summary> s = Status::Internal("not run");
    ASSERT_NO_THROW(s = SummaryFromJson(j)) << j.dump();
    if (!s.ok()) {
      EXPECT_EQ(s.status().kind(), ErrorKind::kCorrupt);
      EXPECT_EQ(s.status().message().rfind("summary", 0), 0u) << s.status().message();
      continue;
    }
    ++accepted;
    const std::string html = RenderHtml(*s);
    const Status st = testing::CheckWellFormedXml(html);
    ASSERT_TRUE(st.ok()) << st.message();
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_FALSE(RenderMarkdown(*s).empty());
  }
  // Both outcomes must be exercised for the test to mean anything.
  EXPECT_GT(accepted, 20u);
  EXPECT_LT(accepted, 380u);
}

}  // namespace
}  // namespace fsfuzz::reports
