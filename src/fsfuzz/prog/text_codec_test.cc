// Tests for the .fsp text form: parsing, printing, errors with line:col, round trips.
#include "src/fsfuzz/prog/text_codec.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/prog/generator.h"

namespace fsfuzz {
namespace {

constexpr const char* kSeedProgram = R"(# the seed: O_DIRECT write whose buffer is a mapping of the same file
file size=1M seed=42 aux=256K sparse
mmap m0 off=0 len=1M shared          # mode words per op: op_table.cc
touch_write m0 off=64K len=64K
dwrite off=0 len=64K buf=m0+64K
round {
  dwrite off=256K len=64K buf=heap
  touch_write m0 off=256K+100 len=4K
}
truncate 200K                        # bare size (also size=200K)
fallocate off=0 len=4K punch
msync m0 off=0 len=4K sync
evict fadvise
check
)";

Program MustParse(std::string_view text) {
  Result<Program> r = ParseProgram(text, "t.fsp");
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : Program{};
}

std::string ParseError(std::string_view text) {
  Result<Program> r = ParseProgram(text, "t.fsp");
  if (r.ok()) return "(parsed)";
  EXPECT_EQ(r.status().kind(), ErrorKind::kUsage);
  return r.status().message();
}

TEST(TextCodec, ParsesTheSeedProgram) {
  Program p = MustParse(kSeedProgram);
  EXPECT_EQ(p.header, (Header{1 << 20, 42, 256 << 10, true}));
  ASSERT_EQ(p.steps.size(), 9u);
  const Op& mm = p.steps[0].ops[0];
  EXPECT_EQ(mm.kind, OpKind::kMmap);
  EXPECT_EQ(mm.len, 1u << 20);
  EXPECT_EQ(mm.mode, static_cast<uint8_t>(MapMode::kShared));
  const Op& dw = p.steps[2].ops[0];
  EXPECT_EQ(dw.kind, OpKind::kDWrite);
  EXPECT_EQ(dw.buf, (Buf{Buf::Kind::kSlot, 0, 64 << 10}));
  ASSERT_TRUE(p.steps[3].round);
  ASSERT_EQ(p.steps[3].ops.size(), 2u);
  EXPECT_EQ(p.steps[3].ops[1].off, (256u << 10) + 100);
  EXPECT_EQ(p.steps[4].ops[0].size, 200u << 10);
  EXPECT_EQ(p.steps[5].ops[0].mode, static_cast<uint8_t>(FallocMode::kPunch));
  EXPECT_EQ(p.steps[7].ops[0].kind, OpKind::kEvict);
  EXPECT_EQ(p.steps[8].ops[0].kind, OpKind::kCheck);
}

TEST(TextCodec, PrintsCanonically) {
  EXPECT_EQ(PrintProgram(MustParse(kSeedProgram)), R"(file size=1M seed=42 aux=256K sparse
mmap m0 off=0 len=1M shared
touch_write m0 off=64K len=64K
dwrite off=0 len=64K buf=m0+64K
round {
  dwrite off=256K len=64K buf=heap
  touch_write m0 off=256K+100 len=4K
}
truncate 200K
fallocate off=0 len=4K punch
msync m0 off=0 len=4K sync
evict fadvise
check
)");
}

TEST(TextCodec, AnnotatesOpIds) {
  Program p = MustParse(kSeedProgram);
  std::string text = PrintProgram(p, PrintOptions{true});
  EXPECT_EQ(text.substr(0, 19), "# fsfuzz program: 9");
  EXPECT_NE(text.find("  dwrite off=256K len=64K buf=heap        # #4\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  touch_write m0 off=256K+100 len=4K      # #5\n"), std::string::npos) << text;
  EXPECT_NE(text.find("check                                     # #10\n"), std::string::npos) << text;
  EXPECT_EQ(MustParse(text), p);
}

TEST(TextCodec, DefaultsAndSyntaxVariants) {
  Program p = MustParse(
      "\r\n# leading comment\nfile seed=0x10 size=4K+1\r\n"
      "mmap m3 len=8K off=4K\n"                 // any order; default mode
      "truncate size=8K ; fsync ; fdatasync\n"  // ';' separates steps
      "round { dread off=0 len=4K buf=m3+1 ; touch_read m3 off=0 len=1 }\n"
      "round{\n\n fsync # comment\n}\n"
      "write len=1 off=0 buf=heap+7\n"
      "\tevict\n");
  EXPECT_EQ(p.header.seed, 16u);
  EXPECT_EQ(p.header.size, 4097u);
  ASSERT_EQ(p.steps.size(), 8u);
  EXPECT_EQ(p.steps[0].ops[0].slot, 3);
  EXPECT_EQ(p.steps[0].ops[0].off, 4096u);
  EXPECT_EQ(p.steps[0].ops[0].mode, 0);
  EXPECT_EQ(p.steps[1].ops[0].size, 8192u);
  EXPECT_EQ(p.steps[3].ops[0].kind, OpKind::kFdatasync);
  EXPECT_TRUE(p.steps[4].round);
  EXPECT_EQ(p.steps[4].ops.size(), 2u);
  EXPECT_EQ(p.steps[4].ops[0].buf, (Buf{Buf::Kind::kSlot, 3, 1}));
  EXPECT_TRUE(p.steps[5].round);
  EXPECT_EQ(p.steps[5].ops.size(), 1u);
  EXPECT_EQ(p.steps[6].ops[0].buf, (Buf{Buf::Kind::kHeap, 0, 7}));
  EXPECT_EQ(p.steps[7].ops[0].mode, static_cast<uint8_t>(EvictMode::kFadvise));
  EXPECT_EQ(MustParse(PrintProgram(p)), p);
}

TEST(TextCodec, EmptyProgramHasOnlyAHeader) {
  Program p = MustParse("file size=0");
  EXPECT_TRUE(p.steps.empty());
  EXPECT_EQ(PrintProgram(p), "file size=0 seed=0\n");
}

TEST(TextCodec, PrintOp) {
  Op op;
  op.kind = OpKind::kMadvise;
  op.slot = 2;
  op.off = 8192;
  op.len = 4096;
  op.mode = static_cast<uint8_t>(MadviseMode::kPageout);
  EXPECT_EQ(PrintOp(op), "madvise m2 off=8K len=4K pageout");
  op = Op{};
  op.kind = OpKind::kRead;
  op.off = 1;
  op.len = 3;
  op.buf = Buf{Buf::Kind::kHeap, 0, 0};
  EXPECT_EQ(PrintOp(op), "read off=1 len=3 buf=heap");
  op = Op{};
  op.kind = OpKind::kMmap;
  op.len = 4096;
  op.mode = 9;  // invalid: printed so that it cannot parse as the default
  EXPECT_EQ(PrintOp(op), "mmap m0 off=0 len=4K mode9");
}

struct ErrorCase {
  const char* text;
  const char* error;
};

TEST(TextCodec, ErrorsPointAtTheOffendingToken) {
  const ErrorCase cases[] = {
      // unknown op, unknown key, bad number
      {"file size=1M\nfrobnicate off=0\n", "t.fsp:2:1: unknown op 'frobnicate'"},
      {"file size=1M\nwrite off=0 len=4K bogus=1\n", "t.fsp:2:20: unknown key 'bogus' (off, len, size, buf)"},
      {"file size=1M\nwrite off=12Q len=4K\n", "t.fsp:2:11: bad number '12Q'"},
      {"file size=1M\nwrite off=0 len=\n", "t.fsp:2:17: bad number ''"},
      {"file size=1M\nwrite off=0 len=99999999999999999999\n",
       "t.fsp:2:17: number '99999999999999999999' is too large"},
      {"file size=1M\ntruncate 4Q\n", "t.fsp:2:10: bad number '4Q'"},
      {"file size=1M\ndwrite off=0 len=4K buf=heap+x\n", "t.fsp:2:30: bad number 'x'"},
      // missing required args
      {"file size=1M\nwrite off=0\n", "t.fsp:2:1: write needs len="},
      {"file size=1M\nwrite len=1\n", "t.fsp:2:1: write needs off="},
      {"file size=1M\ntruncate\n", "t.fsp:2:1: truncate needs a size"},
      {"file size=1M\nmmap m0 off=0 len=4K\ntouch_read off=0 len=1\n",
       "t.fsp:3:1: touch_read needs a slot (m0..m7)"},
      // duplicate args
      {"file size=1M\nwrite off=0 off=4K len=1\n", "t.fsp:2:13: duplicate off="},
      {"file size=1M\ntruncate 4K size=8K\n", "t.fsp:2:13: duplicate size="},
      {"file size=1M\nmmap m0 m1 off=0 len=4K\n", "t.fsp:2:9: duplicate slot"},
      {"file size=1M\nmmap m0 off=0 len=4K shared private\n", "t.fsp:2:29: duplicate mode word"},
      // args an op does not take
      {"file size=1M\nfsync off=0\n", "t.fsp:2:7: fsync does not take off="},
      {"file size=1M\ndwrite m0 off=0 len=4K\n", "t.fsp:2:8: dwrite does not take a slot"},
      {"file size=1M\nfsync shared\n", "t.fsp:2:7: fsync does not take 'shared'"},
      {"file size=1M\ntruncate 4K buf=heap\n", "t.fsp:2:13: truncate does not take buf="},
      // bad slots and buffers
      {"file size=1M\nmunmap m8\n", "t.fsp:2:8: bad slot 'm8' (slots are m0..m7)"},
      {"file size=1M\ndwrite off=0 len=4K buf=m9\n", "t.fsp:2:25: bad slot 'm9' (slots are m0..m7)"},
      {"file size=1M\ndwrite off=0 len=4K buf=stack\n",
       "t.fsp:2:25: bad buffer 'stack' (heap, heap+N, mK or mK+N)"},
      // bad mode word
      {"file size=1M\nmmap m0 off=0 len=4K sharde\n",
       "t.fsp:2:22: bad mode word 'sharde' for mmap (shared, private, aux, aux_private)"},
      {"file size=1M\nevict\nevict drop_caches\n",
       "t.fsp:3:7: bad mode word 'drop_caches' for evict (fadvise, drop)"},
      // header missing, duplicated, malformed
      {"", "t.fsp:1:1: missing 'file' header"},
      {"# only a comment\n\n", "t.fsp:1:1: missing 'file' header"},
      {"\nwrite off=0 len=1\n", "t.fsp:2:1: missing 'file' header (it must come first)"},
      {"file size=1M\nfile size=2M\n", "t.fsp:2:1: duplicate 'file' header"},
      {"file size=1M\nround {\n  file size=1M\n}\n", "t.fsp:3:3: duplicate 'file' header"},
      {"file seed=1\n", "t.fsp:1:1: file header needs size="},
      {"file size=1M colour=red\n",
       "t.fsp:1:14: unknown key 'colour' in file header (size, seed, aux, sparse)"},
      {"file size=1M dense\n", "t.fsp:1:14: unexpected 'dense' in file header"},
      {"file size=1M size=2M\n", "t.fsp:1:14: duplicate size="},
      {"file size=2G\n", "t.fsp:1:1: file size exceeds 1G"},
      // rounds
      {"file size=1M\nround {\n  fsync\n", "t.fsp:2:1: unterminated round (no '}')"},
      {"file size=1M\nround {\n  round {\n", "t.fsp:3:3: nested round"},
      {"file size=1M\n}\n", "t.fsp:2:1: '}' without round"},
      {"file size=1M\nfsync }\n", "t.fsp:2:7: '}' without round"},
      {"file size=1M\nfsync {\n", "t.fsp:2:7: unexpected '{'"},
      {"file size=1M\nround {\n}\n", "t.fsp:2:1: empty round"},
      {"file size=1M\nround { ; }\n", "t.fsp:2:1: empty round"},
      {"file size=1M\nround\nfsync\n", "t.fsp:2:1: expected '{' after round"},
      {"file size=1M\nround fsync {\n", "t.fsp:2:7: expected '{' after round"},
      {"file size=1M\nround { fsync } fsync\n", "t.fsp:2:17: expected end of line before 'fsync'"},
      {"file size=1M\nround {\n  mmap m0 off=0 len=4K\n}\n", "t.fsp:3:3: mmap is not allowed inside a round"},
      {"file size=1M\nround { check }\n", "t.fsp:2:9: check is not allowed inside a round"},
      {"file size=1M\nround {\n fsync\n fsync\n fsync\n fsync\n fsync\n fsync\n fsync\n fsync\n fsync\n}\n",
       "t.fsp:11:2: a round holds at most 8 ops"},
      // static validation, reported at the op
      {"file size=1M\ntouch_read m0 off=0 len=1\n", "t.fsp:2:1: slot m0 is not mapped here"},
      {"file size=1M\nmmap m0 off=0 len=4K\nmunmap m0\nmsync m0 off=0 len=1\n",
       "t.fsp:4:1: slot m0 is not mapped here"},
      {"file size=1M\ndwrite off=0 len=4K buf=m1\n", "t.fsp:2:1: slot m1 is not mapped here"},
      {"file size=1M\nwrite off=0 len=0\n", "t.fsp:2:1: len must be at least 1"},
      {"file size=1M\ndwrite off=0 len=4K buf=heap+4K\n", "t.fsp:2:1: heap buffer offset must be below 4K"},
      {"file size=1M\nmmap m0 off=1 len=4K\n", "t.fsp:2:1: mmap offset must be page aligned"},
      {"file size=1M\nmmap m0 off=0 len=4K\nmmap m0 off=0 len=4K\n",
       "t.fsp:3:1: slot m0 is already mapped (munmap it first)"},
      {"file size=1M\nmmap m0 off=0 len=4K aux\ntouch_write m0 off=0 len=1\n",
       "t.fsp:3:1: aux mappings are read-only sources"},
      {"file size=1M\nmmap m0 off=0 len=4K private\nround {\n  fsync\n  touch_write m0 off=0 len=1\n}\n",
       "t.fsp:5:3: stores into a private mapping are not allowed in a round"},
      {"file size=1M\nmmap m0 off=0 len=4K\ntouch_read m0 off=4K len=1\n",
       "t.fsp:3:1: range runs past the end of slot m0"},
      {"file size=1M\ntruncate 2G\n", "t.fsp:2:1: size exceeds 1G"},
      // the first error in source order wins
      {"file size=1M\nwrite off=0 len=0\nbogus\n", "t.fsp:2:1: len must be at least 1"},
  };
  for (const ErrorCase& c : cases) EXPECT_EQ(ParseError(c.text), c.error) << c.text;
}

TEST(TextCodec, ErrorUsesTheGivenFileName) {
  Result<Program> r = ParseProgram("bogus", "dir/x.fsp");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "dir/x.fsp:1:1: missing 'file' header (it must come first)");
  r = ParseProgram("file size=0\nbogus");
  EXPECT_EQ(r.status().message(), "<input>:2:1: unknown op 'bogus'");
}

TEST(TextCodec, HandWrittenProgramsRoundTrip) {
  const char* texts[] = {
      kSeedProgram,
      "file size=0 seed=18446744073709551615\n",
      "file size=4K+1 seed=1 aux=1\nmmap m7 off=1G len=64M aux_private\n"
      "dwrite off=1023M len=1 buf=m7+4095\n",
      "file size=1M\nmmap m0 off=0 len=4K private\ntouch_write m0 off=4095 len=1\n"
      "dread off=0 len=4K buf=m0\nmadvise m0 off=0 len=4K willneed\nmsync m0 off=0 len=1 invalidate\n"
      "munmap m0\nremount\nevict drop\nfallocate off=1 len=1 zero_keep\n",
  };
  for (const char* text : texts) {
    Result<Program> r = ParseProgram(text);
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_EQ(MustParse(PrintProgram(*r)), *r) << text;
    EXPECT_EQ(PrintProgram(MustParse(PrintProgram(*r))), PrintProgram(*r));
  }
}

TEST(TextCodec, GeneratedProgramsRoundTrip) {
  int checked = 0;
  for (const char* preset : {"default", "seed", "fsx"}) {
    GenOptions o;
    ASSERT_TRUE(GenPreset(preset, &o));
    for (uint64_t seed = 0; seed < 1000; ++seed) {
      Rng rng(seed);
      GenOptions g = o;
      g.num_steps = 1 + static_cast<int>(seed % 60);
      g.op_size = seed % 7 == 0 ? 100 : g.op_size;
      g.allow_remount = g.allow_drop_caches = seed % 2 == 0;
      g.max_round_ops = 1 + static_cast<int>(seed % 8);
      const Program p = Generate(rng, g);
      const std::string text = PrintProgram(p, PrintOptions{seed % 3 == 0});
      Result<Program> back = ParseProgram(text);
      ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << text;
      ASSERT_EQ(*back, p) << text;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 3000);
}

TEST(TextCodec, CanonicalOpZeroesWhatTheOpDoesNotTake) {
  Op op;
  op.kind = OpKind::kFsync;
  op.slot = 3;
  op.off = 7;
  op.mode = 1;
  EXPECT_EQ(CanonicalOp(op), (Op{OpKind::kFsync, 0, 0, 0, 0, Buf{}, 0}));
  op = Op{};
  op.kind = OpKind::kWrite;
  op.len = 1;
  op.buf = Buf{Buf::Kind::kHeap, 5, 3};
  EXPECT_EQ(CanonicalOp(op).buf, (Buf{Buf::Kind::kHeap, 0, 3}));
  Program p;
  p.steps.push_back(Step{false, {op}});
  EXPECT_FALSE(IsCanonical(p));
  p.steps[0].ops[0] = CanonicalOp(op);
  EXPECT_TRUE(IsCanonical(p));
}

}  // namespace
}  // namespace fsfuzz
