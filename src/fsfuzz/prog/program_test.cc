// Tests for the program model: each static rule of Validate (one valid and one invalid
// example), slot walking, op ids, affected ranges.
#include "src/fsfuzz/prog/program.h"

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

Op MakeOp(OpKind k, uint64_t off = 0, uint64_t len = 0) {
  Op op;
  op.kind = k;
  op.off = off;
  op.len = len;
  return op;
}
Op Mmap(uint8_t slot, uint64_t off, uint64_t len, MapMode mode = MapMode::kShared) {
  Op op = MakeOp(OpKind::kMmap, off, len);
  op.slot = slot;
  op.mode = static_cast<uint8_t>(mode);
  return op;
}
Op OnSlot(OpKind k, uint8_t slot, uint64_t off, uint64_t len) {
  Op op = MakeOp(k, off, len);
  op.slot = slot;
  return op;
}
Op Truncate(uint64_t size) {
  Op op = MakeOp(OpKind::kTruncate);
  op.size = size;
  return op;
}
Op FromSlot(OpKind k, uint64_t off, uint64_t len, uint8_t slot, uint64_t buf_off) {
  Op op = MakeOp(k, off, len);
  op.buf = Buf{Buf::Kind::kSlot, slot, buf_off};
  return op;
}
Step Seq(Op op) { return Step{false, {op}}; }
Step Round(std::vector<Op> ops) { return Step{true, std::move(ops)}; }

Program Prog(std::vector<Step> steps) {
  Program p;
  p.header.size = 1 << 20;
  p.steps = std::move(steps);
  return p;
}

// The first error message, or "" when valid.
std::string FirstError(const Program& p) {
  std::vector<ProgramError> e = Validate(p);
  return e.empty() ? "" : e[0].message;
}

struct RuleCase {
  const char* rule;
  Program valid;
  Program invalid;
  const char* error;
};

TEST(Validate, EachRuleHasAValidAndAnInvalidExample) {
  Header big;
  big.size = kMaxFileSize + 1;
  Header big_aux;
  big_aux.aux_size = kMaxAuxSize + 1;
  Program with_big = Prog({});
  with_big.header = big;
  Program with_big_aux = Prog({});
  with_big_aux.header = big_aux;
  Op bad_mode = Mmap(0, 0, 4096);
  bad_mode.mode = 4;
  Op heap_misaligned = MakeOp(OpKind::kDWrite, 0, 4096);
  heap_misaligned.buf.off = 4095;
  Op heap_too_far = heap_misaligned;
  heap_too_far.buf.off = 4096;

  const std::vector<RuleCase> cases = {
      {"header size", Prog({}), with_big, "file size exceeds 1G"},
      {"header aux", Prog({}), with_big_aux, "aux size exceeds 64M"},
      {"empty step", Prog({Seq(MakeOp(OpKind::kFsync))}), Prog({Step{false, {}}}), "empty step"},
      {"round size", Prog({Round(std::vector<Op>(8, MakeOp(OpKind::kFsync)))}),
       Prog({Round(std::vector<Op>(9, MakeOp(OpKind::kFsync)))}), "a round holds at most 8 ops"},
      {"sequential step", Prog({Seq(MakeOp(OpKind::kFsync))}),
       Prog({Step{false, {MakeOp(OpKind::kFsync), MakeOp(OpKind::kFsync)}}}),
       "a sequential step holds one op"},
      {"sequential-only", Prog({Seq(Mmap(0, 0, 4096))}), Prog({Round({Mmap(0, 0, 4096)})}),
       "mmap is not allowed inside a round"},
      {"mode", Prog({Seq(Mmap(0, 0, 4096, MapMode::kAuxPrivate))}), Prog({Seq(bad_mode)}), "bad mode"},
      {"len >= 1", Prog({Seq(MakeOp(OpKind::kWrite, 0, 1))}), Prog({Seq(MakeOp(OpKind::kWrite, 0, 0))}),
       "len must be at least 1"},
      {"len <= 64M", Prog({Seq(MakeOp(OpKind::kRead, 0, kMaxOpLen))}),
       Prog({Seq(MakeOp(OpKind::kRead, 0, kMaxOpLen + 1))}), "len exceeds 64M"},
      {"range <= 1G", Prog({Seq(MakeOp(OpKind::kFallocate, kMaxFileSize - 1, 1))}),
       Prog({Seq(MakeOp(OpKind::kFallocate, kMaxFileSize, 1))}), "range ends past 1G"},
      {"heap buffer offset", Prog({Seq(heap_misaligned)}), Prog({Seq(heap_too_far)}),
       "heap buffer offset must be below 4K"},
      {"buffer slot mapped", Prog({Seq(Mmap(1, 0, 8192)), Seq(FromSlot(OpKind::kDWrite, 0, 4096, 1, 4096))}),
       Prog({Seq(FromSlot(OpKind::kDWrite, 0, 4096, 1, 0))}), "slot m1 is not mapped here"},
      {"buffer inside mapping", Prog({Seq(Mmap(1, 0, 8192)), Seq(FromSlot(OpKind::kWrite, 0, 1, 1, 8191))}),
       Prog({Seq(Mmap(1, 0, 8192)), Seq(FromSlot(OpKind::kWrite, 0, 2, 1, 8191))}),
       "buffer runs past the end of its mapping"},
      {"no reads into aux",
       Prog({Seq(Mmap(0, 0, 4096, MapMode::kAuxShared)), Seq(FromSlot(OpKind::kDWrite, 0, 4096, 0, 0))}),
       Prog({Seq(Mmap(0, 0, 4096, MapMode::kAuxShared)), Seq(FromSlot(OpKind::kDRead, 0, 4096, 0, 0))}),
       "aux mappings are read-only sources"},
      {"no reads into private in a round",
       Prog({Seq(Mmap(0, 0, 4096, MapMode::kPrivate)), Seq(FromSlot(OpKind::kRead, 0, 4096, 0, 0))}),
       Prog({Seq(Mmap(0, 0, 4096, MapMode::kPrivate)), Round({FromSlot(OpKind::kRead, 0, 4096, 0, 0)})}),
       "stores into a private mapping are not allowed in a round"},
      {"mmap slot free", Prog({Seq(Mmap(0, 0, 4096)), Seq(Mmap(1, 0, 4096))}),
       Prog({Seq(Mmap(0, 0, 4096)), Seq(Mmap(0, 0, 4096))}), "slot m0 is already mapped (munmap it first)"},
      {"mmap slot range", Prog({Seq(Mmap(7, 0, 4096))}), Prog({Seq(Mmap(8, 0, 4096))}),
       "slot out of range (m0..m7)"},
      {"mmap offset aligned", Prog({Seq(Mmap(0, 4096, 4096))}), Prog({Seq(Mmap(0, 100, 4096))}),
       "mmap offset must be page aligned"},
      {"mmap length", Prog({Seq(Mmap(0, 0, 8192))}), Prog({Seq(Mmap(0, 0, 4097))}),
       "mmap length must be a non-zero page multiple"},
      {"mmap end", Prog({Seq(Mmap(0, kMaxFileSize, kMaxOpLen))}),
       Prog({Seq(Mmap(0, kMaxFileSize, kMaxOpLen + 4096))}), "mapping ends too far out"},
      {"munmap mapped", Prog({Seq(Mmap(2, 0, 4096)), Seq(OnSlot(OpKind::kMunmap, 2, 0, 0))}),
       Prog({Seq(Mmap(2, 0, 4096)), Seq(OnSlot(OpKind::kMunmap, 2, 0, 0)),
             Seq(OnSlot(OpKind::kMunmap, 2, 0, 0))}),
       "slot m2 is not mapped here"},
      {"touch mapped", Prog({Seq(Mmap(0, 0, 4096)), Seq(OnSlot(OpKind::kTouchRead, 0, 0, 1))}),
       Prog({Seq(OnSlot(OpKind::kTouchRead, 0, 0, 1))}), "slot m0 is not mapped here"},
      {"touch len", Prog({Seq(Mmap(0, 0, 4096)), Seq(OnSlot(OpKind::kTouchRead, 0, 0, 1))}),
       Prog({Seq(Mmap(0, 0, 4096)), Seq(OnSlot(OpKind::kTouchRead, 0, 0, 0))}), "len must be at least 1"},
      {"touch inside mapping", Prog({Seq(Mmap(0, 0, 4096)), Seq(OnSlot(OpKind::kTouchWrite, 0, 4095, 1))}),
       Prog({Seq(Mmap(0, 0, 4096)), Seq(OnSlot(OpKind::kTouchWrite, 0, 4095, 2))}),
       "range runs past the end of slot m0"},
      {"msync aligned", Prog({Seq(Mmap(0, 0, 8192)), Seq(OnSlot(OpKind::kMsync, 0, 4096, 1))}),
       Prog({Seq(Mmap(0, 0, 8192)), Seq(OnSlot(OpKind::kMsync, 0, 1, 1))}), "offset must be page aligned"},
      {"madvise aligned", Prog({Seq(Mmap(0, 0, 8192)), Seq(OnSlot(OpKind::kMadvise, 0, 4096, 4096))}),
       Prog({Seq(Mmap(0, 0, 8192)), Seq(OnSlot(OpKind::kMadvise, 0, 4097, 1))}),
       "offset must be page aligned"},
      {"no stores into aux",
       Prog({Seq(Mmap(0, 0, 4096, MapMode::kAuxShared)), Seq(OnSlot(OpKind::kTouchRead, 0, 0, 1))}),
       Prog({Seq(Mmap(0, 0, 4096, MapMode::kAuxShared)), Seq(OnSlot(OpKind::kTouchWrite, 0, 0, 1))}),
       "aux mappings are read-only sources"},
      {"private stores sequential only",
       Prog({Seq(Mmap(0, 0, 4096, MapMode::kPrivate)), Seq(OnSlot(OpKind::kTouchWrite, 0, 0, 1))}),
       Prog({Seq(Mmap(0, 0, 4096, MapMode::kPrivate)), Round({OnSlot(OpKind::kTouchWrite, 0, 0, 1)})}),
       "stores into a private mapping are not allowed in a round"},
      {"truncate size", Prog({Seq(Truncate(kMaxFileSize))}), Prog({Seq(Truncate(kMaxFileSize + 1))}),
       "size exceeds 1G"},
      {"mmap inside a round does not map",
       Prog({Seq(Mmap(0, 0, 4096)), Round({OnSlot(OpKind::kTouchRead, 0, 0, 1)})}),
       Prog({Round({Mmap(0, 0, 4096)}), Round({OnSlot(OpKind::kTouchRead, 0, 0, 1)})}),
       "mmap is not allowed inside a round"},
  };
  for (const RuleCase& c : cases) {
    EXPECT_EQ(FirstError(c.valid), "") << c.rule;
    EXPECT_EQ(FirstError(c.invalid), c.error) << c.rule;
  }
}

TEST(Validate, ReportsEveryErrorWithStepAndOp) {
  Program p = Prog({Seq(MakeOp(OpKind::kWrite, 0, 0)),
                    Round({MakeOp(OpKind::kFsync), OnSlot(OpKind::kTouchRead, 3, 0, 1)}),
                    Seq(OnSlot(OpKind::kMunmap, 0, 0, 0))});
  std::vector<ProgramError> e = Validate(p);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0].step, 0u);
  EXPECT_EQ(e[1].step, 1u);
  EXPECT_EQ(e[1].op, 1u);
  EXPECT_EQ(e[1].message, "slot m3 is not mapped here");
  EXPECT_EQ(e[2].step, 2u);
}

TEST(Slots, ApplyToSlotsWalksMmapAndMunmap) {
  Slots s;
  ApplyToSlots(Mmap(3, 8192, 4096, MapMode::kAuxPrivate), s);
  ASSERT_TRUE(s[3]);
  EXPECT_EQ(*s[3], (Mapping{8192, 4096, MapMode::kAuxPrivate}));
  EXPECT_TRUE(s[3]->aux());
  EXPECT_TRUE(s[3]->priv());
  ApplyToSlots(MakeOp(OpKind::kFsync), s);
  EXPECT_TRUE(s[3]);
  ApplyToSlots(OnSlot(OpKind::kMunmap, 3, 0, 0), s);
  EXPECT_FALSE(s[3]);
  ApplyToSlots(Mmap(9, 0, 4096), s);  // out of range: ignored, never UB
  for (const auto& m : s) EXPECT_FALSE(m);
}

TEST(FirstOpIds, NumbersOpsInProgramOrderFromOne) {
  Program p = Prog({Seq(MakeOp(OpKind::kFsync)),
                    Round({MakeOp(OpKind::kFsync), MakeOp(OpKind::kFsync), MakeOp(OpKind::kFsync)}),
                    Seq(MakeOp(OpKind::kCheck)), Round({MakeOp(OpKind::kFsync)})});
  EXPECT_EQ(FirstOpIds(p), (std::vector<uint32_t>{1, 2, 5, 6}));
  EXPECT_EQ(p.NumOps(), 6u);
  EXPECT_TRUE(FirstOpIds(Prog({})).empty());
}

TEST(AffectedRange, PerOpKind) {
  Slots s;
  s[0] = Mapping{8192, 16384, MapMode::kShared};
  s[1] = Mapping{0, 4096, MapMode::kPrivate};
  s[2] = Mapping{0, 4096, MapMode::kAuxShared};
  EXPECT_EQ(AffectedRange(MakeOp(OpKind::kWrite, 10, 20), s, 0), (Range{10, 20}));
  EXPECT_EQ(AffectedRange(MakeOp(OpKind::kDWrite, 4096, 4096), s, 0), (Range{4096, 4096}));
  EXPECT_TRUE(AffectedRange(MakeOp(OpKind::kRead, 0, 10), s, 100).empty());  // into heap
  EXPECT_EQ(AffectedRange(FromSlot(OpKind::kDRead, 0, 4096, 0, 100), s, 0), (Range{8292, 4096}));
  EXPECT_TRUE(AffectedRange(FromSlot(OpKind::kRead, 0, 10, 1, 0), s, 0).empty());  // private
  EXPECT_EQ(AffectedRange(OnSlot(OpKind::kTouchWrite, 0, 5, 7), s, 0), (Range{8197, 7}));
  EXPECT_TRUE(AffectedRange(OnSlot(OpKind::kTouchWrite, 1, 5, 7), s, 0).empty());
  EXPECT_TRUE(AffectedRange(OnSlot(OpKind::kTouchRead, 0, 5, 7), s, 0).empty());
  // Truncate covers the pages between the old and the new size, both ways.
  EXPECT_EQ(AffectedRange(Truncate(100), s, 10000), (Range{0, 12288}));
  EXPECT_EQ(AffectedRange(Truncate(10000), s, 100), (Range{0, 12288}));
  EXPECT_EQ(AffectedRange(Truncate(8192), s, 8192), (Range{8192, 0}));
  // Fallocate past EOF also covers the gap from the EOF page.
  EXPECT_EQ(AffectedRange(MakeOp(OpKind::kFallocate, 100, 50), s, 1000), (Range{100, 50}));
  EXPECT_EQ(AffectedRange(MakeOp(OpKind::kFallocate, 9000, 100), s, 5000), (Range{4096, 9100 - 4096}));
  EXPECT_TRUE(AffectedRange(MakeOp(OpKind::kFsync), s, 100).empty());
  EXPECT_TRUE(AffectedRange(OnSlot(OpKind::kMsync, 0, 0, 4096), s, 100).empty());
}

TEST(DirectAligned, OffsetLengthAndBuffer) {
  Slots s;
  s[0] = Mapping{0, 8192, MapMode::kShared};
  EXPECT_TRUE(DirectAligned(MakeOp(OpKind::kDWrite, 4096, 4096), s, 4096));
  EXPECT_FALSE(DirectAligned(MakeOp(OpKind::kDWrite, 512, 4096), s, 4096));
  EXPECT_TRUE(DirectAligned(MakeOp(OpKind::kDWrite, 512, 512), s, 512));
  EXPECT_FALSE(DirectAligned(MakeOp(OpKind::kDWrite, 0, 100), s, 4096));
  Op heap = MakeOp(OpKind::kDRead, 0, 4096);
  heap.buf.off = 1;
  EXPECT_FALSE(DirectAligned(heap, s, 4096));
  EXPECT_TRUE(DirectAligned(heap, s, 1));
  EXPECT_TRUE(DirectAligned(FromSlot(OpKind::kDWrite, 0, 4096, 0, 4096), s, 4096));
  EXPECT_FALSE(DirectAligned(FromSlot(OpKind::kDWrite, 0, 4096, 0, 2048), s, 4096));
}

}  // namespace
}  // namespace fsfuzz
