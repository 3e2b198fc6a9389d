// The minimizer's edits: repair after removals, round splits, argument shrinking that keeps
// O_DIRECT alignment, slot renumbering.
#include "src/fsfuzz/repro/shrink.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/repro/repair.h"
#include "src/fsfuzz/repro/test_util.h"

namespace fsfuzz {
namespace {

using repro_test::MustParse;

TEST(Repair, RemovingAnMmapRemovesItsSlotsUsers) {
  Program p = MustParse(
      "file size=64K seed=1\n"
      "mmap m3 off=0 len=64K shared\n"
      "touch_write m3 off=0 len=4K\n"
      "round {\n  dwrite off=0 len=4K buf=m3\n  write off=8K len=1\n}\n"
      "msync m3 off=0 len=4K sync\n"
      "munmap m3\n"
      "fsync\n");
  Program q = Repair(RemoveSteps(p, 0, 1));
  EXPECT_TRUE(Validate(q).empty());
  EXPECT_EQ(PrintProgram(q), "file size=64K seed=1\nround {\n  write off=8K len=1 buf=heap\n}\nfsync\n");
}

TEST(Repair, DropsOpsOutsideAShrunkMapping) {
  Program p = MustParse("file size=64K seed=1\nmmap m0 off=0 len=64K shared\ntouch_read m0 off=8K len=4K\n"
                        "touch_read m0 off=0 len=1\n");
  p.steps[0].ops[0].len = 4096;
  EXPECT_EQ(PrintProgram(Repair(p)), "file size=64K seed=1\nmmap m0 off=0 len=4K shared\ntouch_read m0 off=0 len=1\n");
}

TEST(Shrink, SplitRoundOffersSequentialOrdersAndHoists) {
  Program p = MustParse("file size=64K seed=1\nround {\n  write off=0 len=1\n  read off=0 len=1\n  truncate 0\n}\n");
  std::vector<Edit> e = SplitRound(p, 0);
  ASSERT_EQ(e.size(), 2u + 2 * 3);
  EXPECT_EQ(PrintProgram(e[0].program),
            "file size=64K seed=1\nwrite off=0 len=1 buf=heap\nread off=0 len=1 buf=heap\ntruncate 0\n");
  EXPECT_EQ(PrintProgram(e[1].program),
            "file size=64K seed=1\ntruncate 0\nread off=0 len=1 buf=heap\nwrite off=0 len=1 buf=heap\n");
  EXPECT_EQ(PrintProgram(e[2].program),
            "file size=64K seed=1\nwrite off=0 len=1 buf=heap\nround {\n  read off=0 len=1 buf=heap\n  truncate 0\n}\n");
  EXPECT_TRUE(SplitRound(MustParse("file size=1 seed=1\nfsync\n"), 0).empty());
}

TEST(Shrink, DirectOpsStayAlignedOrKeepTheirMisalignment) {
  Program p = MustParse("file size=64K seed=1\ndwrite off=12K len=16K buf=heap\ndwrite off=12K+7 len=8K+3 buf=heap+9\n");
  for (const Edit& e : ShrinkOpArgs(p, 0, 0)) {
    const Op& op = e.program.steps[0].ops[0];
    EXPECT_EQ(op.off % 4096, 0u) << e.what;
    EXPECT_EQ(op.len % 4096, 0u) << e.what;
    EXPECT_GT(op.len, 0u) << e.what;
  }
  bool kept_misaligned_len = false;
  for (const Edit& e : ShrinkOpArgs(p, 1, 0)) {
    const Op& op = e.program.steps[1].ops[0];
    EXPECT_TRUE(op.len % 4096 == 0 || op.len % 4096 == 3) << e.what;
    kept_misaligned_len |= op.len == 3;
  }
  EXPECT_TRUE(kept_misaligned_len);
}

TEST(Shrink, ArgumentsGetSmallerAndMappingsFitTheirUsers) {
  Program p = MustParse("file size=1M seed=1\nmmap m0 off=0 len=1M shared\ntouch_write m0 off=4K+1 len=100\n"
                        "write off=64K len=8K buf=m0+4K\n");
  std::vector<Edit> mm = ShrinkOpArgs(p, 0, 0);
  ASSERT_FALSE(mm.empty());
  EXPECT_EQ(mm[0].program.steps[0].ops[0].len, 12288u);  // the write's buffer reaches 12K
  bool heap = false;
  for (const Edit& e : ShrinkOpArgs(p, 2, 0)) {
    const Op& op = e.program.steps[2].ops[0];
    EXPECT_TRUE(op.len < 8192 || op.off < 65536 || op.buf.kind == Buf::Kind::kHeap || op.buf.off < 4096) << e.what;
    heap |= op.buf.kind == Buf::Kind::kHeap;
  }
  EXPECT_TRUE(heap);
  for (const Edit& e : ShrinkHeader(p)) EXPECT_LT(e.program.header.size, p.header.size) << e.what;
}

TEST(Shrink, ShiftFileMovesEveryFileOffsetTogether) {
  Program p = MustParse("file size=800K seed=1 aux=4K\nmmap m0 off=768K len=4K private\nmmap m1 off=0 len=4K aux\n"
                        "write off=776K len=1 buf=heap\ntruncate 780K\n"
                        "round {\n  dwrite off=776K len=4K buf=m0\n  touch_read m0 off=8 len=1\n}\n");
  ASSERT_FALSE(p.steps.empty());
  std::vector<Edit> e = ShiftFile(p);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(PrintProgram(e[0].program),
            "file size=32K seed=1 aux=4K\nmmap m0 off=0 len=4K private\nmmap m1 off=0 len=4K aux\n"
            "write off=8K len=1 buf=heap\ntruncate 12K\n"
            "round {\n  dwrite off=8K len=4K buf=m0\n  touch_read m0 off=8 len=1\n}\n");
  EXPECT_EQ(e[1].program.steps[0].ops[0].off, 384u * 1024);
  // Something at offset 0 already: nothing to move.
  EXPECT_TRUE(ShiftFile(MustParse("file size=8K seed=1\nwrite off=0 len=1\nwrite off=4K len=1\n")).empty());
  // A mapping's offset shrinks by itself too, page aligned.
  for (const Edit& m : ShrinkOpArgs(p, 0, 0)) EXPECT_EQ(m.program.steps[0].ops[0].off % 4096, 0u) << m.what;
}

TEST(Shrink, RenumberSlotsFromM0) {
  Program p = MustParse("file size=64K seed=1 aux=4K\nmmap m5 off=0 len=4K shared\nmmap m2 off=0 len=4K aux\n"
                        "dwrite off=0 len=4K buf=m2\ntouch_read m5 off=0 len=1\n");
  EXPECT_EQ(PrintProgram(RenumberSlots(p)),
            "file size=64K seed=1 aux=4K\nmmap m0 off=0 len=4K shared\nmmap m1 off=0 len=4K aux\n"
            "dwrite off=0 len=4K buf=m1\ntouch_read m0 off=0 len=1\n");
  EXPECT_EQ(RenumberSlots(RenumberSlots(p)), RenumberSlots(p));
}

}  // namespace
}  // namespace fsfuzz
