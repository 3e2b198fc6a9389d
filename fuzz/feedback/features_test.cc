// Semantic features: the outcome and page state of an op reach distinct ids.
#include "fuzz/feedback/features.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz::fuzz {
namespace {

Trace TraceFor(const Program& p, std::vector<OpRecord> recs) {
  Trace t;
  size_t k = 0;
  for (const Step& s : p.steps) {
    StepRecord sr;
    for (size_t i = 0; i < s.ops.size(); ++i) sr.ops.push_back(recs.at(k++));
    t.steps.push_back(sr);
  }
  return t;
}

OpRecord Ret(int64_t ret, bool sigbus = false) {
  OpRecord r;
  r.ret = ret;
  r.sigbus = sigbus;
  return r;
}

TEST(Features, SigbusPastEofDiffersFromLoadBelowEof) {
  auto p = ParseProgram(
      "file size=4K seed=1\n"
      "mmap m0 off=0 len=16K shared\n"
      "touch_read m0 off=8K len=1\n",
      "t");
  ASSERT_TRUE(p.ok());
  const auto with_sigbus = ExtractFeatures(*p, TraceFor(*p, {Ret(0), Ret(0, true)}));
  const auto without = ExtractFeatures(*p, TraceFor(*p, {Ret(0), Ret(1)}));
  EXPECT_NE(with_sigbus, without);
  for (uint32_t id : with_sigbus) EXPECT_LT(id, kNumFeatures);
  EXPECT_TRUE(std::is_sorted(with_sigbus.begin(), with_sigbus.end()));
}

TEST(Features, RoundPairsAndOverlapCount) {
  auto overlap = ParseProgram("file size=64K seed=1\nround {\n  dwrite off=0 len=4K\n  read off=0 len=4K\n}\n", "t");
  auto apart = ParseProgram("file size=64K seed=1\nround {\n  dwrite off=0 len=4K\n  read off=32K len=4K\n}\n", "t");
  ASSERT_TRUE(overlap.ok() && apart.ok());
  const auto a = ExtractFeatures(*overlap, TraceFor(*overlap, {Ret(4096), Ret(4096)}));
  const auto b = ExtractFeatures(*apart, TraceFor(*apart, {Ret(4096), Ret(4096)}));
  EXPECT_NE(a, b);
}

TEST(Features, ErrnoClassesAreDistinct) {
  auto p = ParseProgram("file size=64K seed=1\ndwrite off=100 len=4K\n", "t");
  ASSERT_TRUE(p.ok());
  OpRecord einval = Ret(-1), eio = Ret(-1);
  einval.err = EINVAL;
  eio.err = EIO;
  EXPECT_NE(ExtractFeatures(*p, TraceFor(*p, {einval})), ExtractFeatures(*p, TraceFor(*p, {eio})));
  EXPECT_EQ(Classify(p->steps[0].ops[0], einval), Outcome::kEinval);
  EXPECT_EQ(Classify(p->steps[0].ops[0], Ret(100)), Outcome::kShort);
}

}  // namespace
}  // namespace fsfuzz::fuzz
