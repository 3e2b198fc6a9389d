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

TEST(Explainer, NamesBytesAForwardCopyFromAnOverlappingMappingMovedTwice) {
  // dwrite off=68K len=16K buf=m0+18 with m0 at 64K: on btrfs and tmpfs the copy runs
  // page by page forward, so the destination's second page is a copy of its first page,
  // itself a copy: bytes op #2 stored at 64K+796 show at 64K+796+2*(4K-18). Nothing the
  // model admitted there ever had that shift (the source bytes were junk past EOF).
  const uint64_t base = 16 * K4;
  Program p = Prog(32 * K4, {Seq(Mmap(0, base, 7 * K4)), Seq(TouchW(0, 796, 3300)),
                             Seq(WithMapBuf(DWrite(base + K4, 4 * K4), 0, 18))});
  Explainer e(p);
  SourceMap filler(kSeed);
  const int64_t shift = 2 * (static_cast<int64_t>(K4) - 18);
  const uint64_t at = base + 796 + static_cast<uint64_t>(shift) + 100;
  auto twice = Pat(kSeed, 2, at - static_cast<uint64_t>(shift), 64);
  uint32_t op = 0;
  Source found;
  const std::string what = e.Identify(filler, at, twice.data(), twice.size(), &op, &found);
  EXPECT_EQ(what, "op #2's touch_write data (moved by " + std::to_string(shift) + " bytes)");
  EXPECT_EQ(op, 2u);
  EXPECT_EQ(found, (Source{2, -shift}));
  // A shift no copy of the program makes stays unexplained.
  auto other = Pat(kSeed, 2, at - 3 * K4, 64);
  EXPECT_EQ(e.Identify(filler, at, other.data(), other.size(), &op), "unexplained bytes");
}

}  // namespace
}  // namespace fsfuzz
