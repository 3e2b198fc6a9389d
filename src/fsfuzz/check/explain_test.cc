// The explainer names observed bytes by their source (tests on hand-made sources).
#include "src/fsfuzz/check/explain.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/check/source_map.h"
#include "src/fsfuzz/check/test_builders.h"

namespace fsfuzz {
namespace {

using namespace fsfuzz::testing;
constexpr uint64_t kSeed = 7;  // Prog's default seed
constexpr uint64_t K4 = 4096;

TEST(Explainer, NamesAnOpsDataMovedByACopySeenBefore) {
  // A copy moved bytes by 1000 (say a read into a mapping of the file): what it moved
  // there may be any op's data, here op #2's, which was never remembered at that delta.
  Program p = Prog(4 * K4, {Seq(Write(0, 100)), Seq(Write(K4, 100)), Seq(Write(2 * K4, 100))});
  Explainer e(p);
  SourceMap filler(kSeed);
  auto moved = Pat(kSeed, 2, K4 + 1000, 64);
  uint32_t op = 0;
  Source found;
  EXPECT_EQ(e.Identify(filler, K4, moved.data(), moved.size(), &op, &found), "unexplained bytes");
  e.Remember(Source{3, 1000});
  const std::string what = e.Identify(filler, K4, moved.data(), moved.size(), &op, &found);
  EXPECT_NE(what.find("op #2"), std::string::npos) << what;
  EXPECT_NE(what.find("moved by -1000 bytes"), std::string::npos) << what;
  EXPECT_EQ(op, 2u);
  EXPECT_EQ(found, (Source{2, 1000}));
}

}  // namespace
}  // namespace fsfuzz
