// Tests for the binary program form: totality of Decode, Encode/Decode round trips.
#include "src/fsfuzz/prog/binary_codec.h"

#include <random>

#include <gtest/gtest.h>

#include "src/fsfuzz/prog/generator.h"
#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz {
namespace {

void ExpectValid(const Program& p, const std::vector<uint8_t>& bytes) {
  const std::vector<ProgramError> errs = Validate(p);
  ASSERT_TRUE(errs.empty()) << "step " << errs[0].step << " op " << errs[0].op << ": " << errs[0].message
                            << "\n"
                            << PrintProgram(p) << "\nfrom " << bytes.size() << " bytes";
  ASSERT_TRUE(IsCanonical(p)) << PrintProgram(p);
}

Program DecodeVec(const std::vector<uint8_t>& b, const DecodeLimits& l = {}) {
  return Decode(b.data(), b.size(), l);
}

TEST(BinaryCodec, EmptyInputIsAnEmptyProgram) {
  Program p = Decode(nullptr, 0);
  EXPECT_EQ(p, Program{});
  EXPECT_EQ(Encode(p), (std::vector<uint8_t>{0, 0, 0, 0}));
}

TEST(BinaryCodec, RandomBytesAlwaysDecodeToValidPrograms) {
  std::mt19937_64 rng(7);
  const DecodeLimits limits[] = {
      DecodeLimits{},
      DecodeLimits{4096, 8192, 100, 4096, 0, 16},
      DecodeLimits{UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, SIZE_MAX},
      DecodeLimits{0, 0, 0, 0, 0, 1000},
  };
  size_t ops = 0;
  for (int i = 0; i < 20000; ++i) {
    std::vector<uint8_t> b(rng() % 300);
    // Mostly uniform bytes; some inputs with small bytes, which select kinds and slots
    // in the low range and make short varints.
    const int shape = i % 3;
    for (uint8_t& x : b)
      x = static_cast<uint8_t>(shape == 0 ? rng() : shape == 1 ? rng() % 20 : (rng() % 256) & 0x8f);
    const Program p = DecodeVec(b, limits[i % 4]);
    ExpectValid(p, b);
    ops += p.NumOps();
  }
  EXPECT_GT(ops, 100000u);  // mostly meaningful, not mostly dropped
}

TEST(BinaryCodec, DecodedProgramsAreFixedPoints) {
  // Whatever Decode returns lies within the limits, so it re-encodes to itself, and it
  // prints and parses back.
  std::mt19937_64 rng(17);
  for (int i = 0; i < 5000; ++i) {
    std::vector<uint8_t> b(rng() % 400);
    for (uint8_t& x : b) x = static_cast<uint8_t>(i % 2 ? rng() : rng() % 24);
    const DecodeLimits l =
        i % 3 ? DecodeLimits{} : DecodeLimits{1 << 30, 1 << 30, 64 << 20, 64 << 20, 64 << 20, 500};
    const Program p = DecodeVec(b, l);
    ASSERT_TRUE(WithinDecodeLimits(p, l)) << PrintProgram(p);
    ASSERT_EQ(DecodeVec(Encode(p, l), l), p) << PrintProgram(p);
    Result<Program> text = ParseProgram(PrintProgram(p));
    ASSERT_TRUE(text.ok()) << text.status().message();
    ASSERT_EQ(*text, p);
  }
}

TEST(BinaryCodec, GeneratedProgramsRoundTrip) {
  int within = 0, total = 0;
  for (const char* preset : {"default", "seed", "fsx"}) {
    GenOptions o;
    ASSERT_TRUE(GenPreset(preset, &o));
    for (uint64_t seed = 0; seed < 1500; ++seed) {
      Rng rng(seed);
      GenOptions g = o;
      g.num_steps = 1 + static_cast<int>(seed % 64);
      g.max_round_ops = 1 + static_cast<int>(seed % 8);
      g.allow_remount = g.allow_drop_caches = seed % 2 == 1;
      if (seed % 5 == 0) g.misaligned_dio_prob = 0.5;
      const Program p = Generate(rng, g);
      ++total;
      if (!WithinDecodeLimits(p)) continue;
      ++within;
      const std::vector<uint8_t> bytes = Encode(p);
      ASSERT_EQ(DecodeVec(bytes), p) << PrintProgram(p);
    }
  }
  EXPECT_EQ(within, total);  // the generator's defaults are fuzzing-sized
}

TEST(BinaryCodec, EveryPrefixOfAnEncodingIsValid) {
  for (uint64_t seed = 0; seed < 200; ++seed) {
    Rng rng(seed);
    GenOptions g;
    ASSERT_TRUE(GenPreset(seed % 2 ? "seed" : "default", &g));
    const std::vector<uint8_t> bytes = Encode(Generate(rng, g));
    for (size_t n = 0; n <= bytes.size(); ++n) {
      std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(n));
      ExpectValid(DecodeVec(prefix), prefix);
    }
  }
}

TEST(BinaryCodec, MutatedEncodingsStayValid) {
  std::mt19937_64 rng(3);
  for (uint64_t seed = 0; seed < 2000; ++seed) {
    Rng grng(seed);
    std::vector<uint8_t> b = Encode(Generate(grng, GenOptions{}));
    for (int m = 0; m < 4 && !b.empty(); ++m) {
      switch (rng() % 3) {
        case 0: b[rng() % b.size()] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
        case 1: b.erase(b.begin() + static_cast<ptrdiff_t>(rng() % b.size())); break;
        default:
          b.insert(b.begin() + static_cast<ptrdiff_t>(rng() % b.size()), static_cast<uint8_t>(rng()));
          break;
      }
    }
    ExpectValid(DecodeVec(b), b);
  }
}

TEST(BinaryCodec, HandWrittenProgramsRoundTrip) {
  Result<Program> p = ParseProgram(R"(file size=1M seed=42 aux=256K sparse
mmap m0 off=0 len=1M shared
mmap m5 off=64K len=8K aux_private
touch_write m0 off=64K len=64K
dwrite off=0 len=64K buf=m0+64K
dwrite off=1 len=4095 buf=heap+17
dread off=4K len=4K buf=m0+100
round {
  dwrite off=256K len=64K buf=heap
  touch_write m0 off=256K+100 len=4K
  write off=3 len=5 buf=m5+1
  read off=2M len=256K buf=heap
  fallocate off=0 len=4K zero_keep
  msync m0 off=4K len=1020K invalidate
  madvise m5 off=4K len=4K cold
  fdatasync
}
truncate 2M
munmap m0
evict drop
remount
check
)");
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_TRUE(WithinDecodeLimits(*p));
  EXPECT_EQ(DecodeVec(Encode(*p)), *p);
}

TEST(BinaryCodec, WithinDecodeLimitsRejectsLargeOrInvalid) {
  Result<Program> p = ParseProgram("file size=2M\n");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(WithinDecodeLimits(*p));  // initial size above 1M
  p = ParseProgram("file size=0\nwrite off=0 len=512K\n");
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(WithinDecodeLimits(*p));
  EXPECT_TRUE(WithinDecodeLimits(*p, DecodeLimits{0, 0, 512 << 10, 4096, 0, 1}));
  p = ParseProgram("file size=0\ntruncate 3M\n");
  EXPECT_FALSE(WithinDecodeLimits(*p));
  Program bad;
  bad.steps.push_back(Step{false, {}});  // empty step: invalid
  EXPECT_FALSE(WithinDecodeLimits(bad));
  Program noncanonical;
  Op fs;
  fs.kind = OpKind::kFsync;
  fs.off = 1;
  noncanonical.steps.push_back(Step{false, {fs}});
  EXPECT_FALSE(WithinDecodeLimits(noncanonical));
}

// Decodes header zeros then the given step bytes.
Program DecodeSteps(std::vector<uint8_t> steps) {
  std::vector<uint8_t> b = {0, 0, 0, 0};
  b.insert(b.end(), steps.begin(), steps.end());
  return DecodeVec(b);
}

uint8_t K(OpKind k) { return static_cast<uint8_t>(k); }

TEST(BinaryCodec, FormatDetails) {
  // dwrite: off v=16 -> 2 pages (t=0); len v=(5<<3)|7 -> exactly 5 bytes; heap buf.
  Program p = DecodeSteps({0, K(OpKind::kDWrite), 16, (5 << 3) | 7, 0});
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(PrintOp(p.steps[0].ops[0]), "dwrite off=8K len=5 buf=heap");
  // Misaligned heap buffer: buf byte 14 then h = 4097 -> 4097 % 4096 = 1.
  p = DecodeSteps({0, K(OpKind::kDWrite), 0, 8, 14, 0x81, 0x20});
  EXPECT_EQ(PrintOp(p.steps[0].ops[0]), "dwrite off=0 len=4K buf=heap+1");
  // Kind bytes are taken modulo the number of kinds; tags use their low 4 bits.
  p = DecodeSteps({0x30, static_cast<uint8_t>(K(OpKind::kFsync) + kNumOpKinds)});
  EXPECT_EQ(PrintOp(p.steps[0].ops[0]), "fsync");
  // A touch with nothing mapped becomes an mmap of its own fields (P numbers).
  p = DecodeSteps({0, K(OpKind::kTouchWrite), 3, 2, 0});
  EXPECT_EQ(PrintOp(p.steps[0].ops[0]), "mmap m3 off=8K len=4K shared");
  // ... and is dropped inside a round; so is a sequential-only op.
  p = DecodeSteps({9, K(OpKind::kTouchRead), 0, 0, 0, K(OpKind::kCheck)});
  EXPECT_TRUE(p.steps.empty());
  // A store into an aux mapping becomes a load; the range is clamped into the mapping.
  p = DecodeSteps({0, K(OpKind::kMmap), 0, 0, 1, 2,                           // mmap m0 off=0 len=4K aux
                   0, K(OpKind::kTouchWrite), 0, (7 << 3) | 4, 0x80, 0x01});  // off=7+..., len=128 pages
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(PrintOp(p.steps[0].ops[0]), "mmap m0 off=0 len=4K aux");
  EXPECT_EQ(PrintOp(p.steps[1].ops[0]), "touch_read m0 off=7 len=4089");
  // A read into a private mapping inside a round becomes a write from it.
  p = DecodeSteps({0, K(OpKind::kMmap), 0, 0, 1, 1, 8, K(OpKind::kDRead), 0, 8, 1, 0});
  ASSERT_EQ(p.steps.size(), 2u);
  EXPECT_EQ(PrintOp(p.steps[1].ops[0]), "dwrite off=0 len=4K buf=m0");
  // Steps stop at the limit.
  std::vector<uint8_t> many(200, 0);
  for (size_t i = 1; i < many.size(); i += 2) many[i] = K(OpKind::kFsync);
  EXPECT_EQ(DecodeSteps(many).steps.size(), 64u);
}

TEST(BinaryCodec, DecodeIsDeterministic) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 100; ++i) {
    std::vector<uint8_t> b(rng() % 200);
    for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
    EXPECT_EQ(DecodeVec(b), DecodeVec(b));
  }
}

}  // namespace
}  // namespace fsfuzz
