// Observation plans: chunking, the views of a quiescent file and its mappings, settles.
#include "src/fsfuzz/exec/observe_plan.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/exec/exec_test_util.h"

namespace fsfuzz {
namespace {

using namespace fsfuzz::testing;  // NOLINT
constexpr uint64_t M = 1u << 20;

}  // namespace

// Readable failure messages.
void PrintTo(const ViewRead& r, std::ostream* os) {
  *os << ViewName(r.view) << " m" << int(r.slot) << " [" << r.off << ", +" << r.len << ")" << (r.aux ? " aux" : "");
}

namespace {

TEST(ObservePlan, ChunksSplitAtMultiplesOfTheLimit) {
  std::vector<ViewRead> out;
  AppendChunked(View::kDirect, 0, M - 10, 2 * M + 20, out);
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0], (ViewRead{View::kDirect, 0, M - 10, 10}));
  EXPECT_EQ(out[1], (ViewRead{View::kDirect, 0, M, M}));
  EXPECT_EQ(out[3], (ViewRead{View::kDirect, 0, 3 * M, 10}));
  out.clear();
  AppendChunked(View::kBuffered, 0, 5, 0, out);
  EXPECT_TRUE(out.empty());
}

TEST(ObservePlan, QuiescentViewsCoverTheFileAndProbePastEof) {
  Slots slots;
  slots[0] = Mapping{0, 64 * K, MapMode::kShared};
  slots[2] = Mapping{4 * K, 8 * K, MapMode::kPrivate};       // ends with the EOF page: no probe
  slots[3] = Mapping{0, 16 * K, MapMode::kAuxShared};         // aux of 5000 bytes
  slots[4] = Mapping{64 * K, 8 * K, MapMode::kShared};        // wholly past EOF
  slots[5] = Mapping{0, 4 * K, MapMode::kShared};             // its mmap failed
  LiveSlots live{};
  live[0] = live[2] = live[3] = live[4] = true;
  const std::vector<ViewRead> plan = QuiescentViewPlan(10000, 5000, slots, live, P, 512);
  const std::vector<ViewRead> want = {
      {View::kBuffered, 0, 0, 10001},
      {View::kDirect, 0, 0, 10240},
      // A mapping of the file in two parts: below EOF (which the buffered view read too)
      // and the EOF page's tail.
      {View::kSlot, 0, 0, 10000},
      {View::kSlot, 0, 10000, 12 * K - 10000},
      {View::kSlot, 0, 12 * K, 1},
      {View::kSlot, 2, 4 * K, 10000 - 4 * K},
      {View::kSlot, 2, 10000, 12 * K - 10000},
      {View::kSlot, 3, 0, 8 * K, true},  // the aux file's: one part
      {View::kSlot, 3, 8 * K, 1, true},
      {View::kSlot, 4, 64 * K, 1},
  };
  EXPECT_EQ(plan, want);
  // No O_DIRECT here: no direct view.
  for (const ViewRead& r : QuiescentViewPlan(10000, 0, Slots{}, LiveSlots{}, P, 0)) EXPECT_NE(r.view, View::kDirect);
}

TEST(ObservePlan, SettleMergesAndClipsAffectedRanges) {
  Slots slots;
  slots[1] = Mapping{0, 64 * K, MapMode::kShared};
  const Step round = Round({Write(0, 4 * K), TouchWrite(1, 2 * K, 4 * K), Write(20 * K, 4 * K), Truncate(22 * K)});
  // Truncate 32K -> 22K affects [20K, 32K); clipped to the new size 22K.
  const std::vector<ViewRead> plan = SettlePlan(round, slots, 32 * K, 22 * K);
  const std::vector<ViewRead> want = {{View::kBuffered, 0, 0, 6 * K}, {View::kBuffered, 0, 20 * K, 2 * K}};
  EXPECT_EQ(plan, want);
  EXPECT_TRUE(SettlePlan(Round({Read(0, 4 * K)}), slots, 32 * K, 32 * K).empty());
}

}  // namespace
}  // namespace fsfuzz
