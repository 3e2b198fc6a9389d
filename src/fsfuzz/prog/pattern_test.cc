// Tests for the data pattern: never zero, distinct per source and offset, the bulk fill
// agreeing with the per-byte function, prefix matching.
#include "src/fsfuzz/prog/pattern.h"

#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {
namespace {

constexpr size_t k64K = 64 << 10;

std::vector<uint8_t> Fill(uint64_t seed, uint32_t src, uint64_t pos, size_t n) {
  std::vector<uint8_t> v(n);
  FillPattern(seed, src, pos, v.data(), n);
  return v;
}

TEST(Pattern, NeverZeroForOpsInitAndAux) {
  for (uint32_t src : {1u, 2u, 12345u, 0xFFFFFFEFu, kSrcInit, kSrcAux}) {
    for (uint64_t seed : {0ull, 42ull, ~0ull}) {
      for (uint64_t pos : {0ull, 1ull << 30, (1ull << 40) + 3}) {
        std::vector<uint8_t> v = Fill(seed, src, pos, k64K);
        for (size_t i = 0; i < v.size(); ++i) ASSERT_NE(v[i], 0) << src << " " << seed << " " << pos + i;
      }
    }
  }
}

TEST(Pattern, ZeroSourceIsZero) {
  std::vector<uint8_t> v(100, 0xff);
  FillPattern(1, kSrcZero, 7, v.data(), v.size());
  for (uint8_t b : v) EXPECT_EQ(b, 0);
  EXPECT_EQ(PatternByte(1, kSrcZero, 7), 0);
}

size_t Agreements(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  size_t n = 0;
  for (size_t i = 0; i < a.size(); ++i) n += a[i] == b[i];
  return n;
}

TEST(Pattern, DiffersPerSourceSeedAndOffset) {
  // Two unrelated sources agree on about 1/255 of bytes; require < 1%.
  const std::vector<uint8_t> base = Fill(42, 1, 0, k64K);
  const std::vector<std::vector<uint8_t>> others = {
      Fill(42, 2, 0, k64K), Fill(42, kSrcInit, 0, k64K), Fill(42, kSrcAux, 0, k64K), Fill(43, 1, 0, k64K),
      Fill(42, 1, 8, k64K), Fill(42, 1, 1, k64K),        Fill(42, 1, 4096, k64K),    Fill(42, 1, k64K, k64K),
  };
  for (size_t i = 0; i < others.size(); ++i) EXPECT_LT(Agreements(base, others[i]), k64K / 100) << i;
}

TEST(Pattern, FillMatchesPatternByteForUnalignedStartsAndLengths) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 2000; ++i) {
    const uint64_t seed = rng(), pos = rng() >> (rng() % 64);
    const uint32_t src = static_cast<uint32_t>(rng() % 1000 + 1);
    const size_t n = rng() % 100;
    std::vector<uint8_t> v = Fill(seed, src, pos, n);
    for (size_t j = 0; j < n; ++j) ASSERT_EQ(v[j], PatternByte(seed, src, pos + j)) << pos << "+" << j;
  }
}

// The vectorized word loop (one clone per ISA) against the scalar word, and fills that
// span several of FillPattern's blocks against the per-byte function.
TEST(Pattern, VectorizedWordsMatchTheScalarWord) {
  std::mt19937_64 rng(2);
  for (int i = 0; i < 300; ++i) {
    const uint64_t key = rng(), word = rng() >> (rng() % 64);
    const size_t n = i < 40 ? static_cast<size_t>(i) : rng() % 3000;
    std::vector<uint64_t> w(n + 1, 0x1111);
    PatternWords(key, word, w.data(), n);
    for (size_t k = 0; k < n; ++k) ASSERT_EQ(w[k], PatternWord(key, word + k)) << k;
    ASSERT_EQ(w[n], 0x1111u);  // nothing written past n
  }
  // Across the wrap of positions at 2^64 too (negative source positions of copies).
  for (uint64_t pos : {13ull, ~0ull - 100, ~0ull - 2047, ~0ull - 4095}) {
    for (size_t n : {2047u, 2048u, 2049u, 20000u}) {
      const std::vector<uint8_t> v = Fill(9, 4, pos, n);
      for (size_t j = 0; j < n; ++j) ASSERT_EQ(v[j], PatternByte(9, 4, pos + j)) << pos << "+" << j;
    }
  }
}

TEST(Pattern, BytesDoNotDependOnWhereAFillStarts) {
  const std::vector<uint8_t> whole = Fill(5, 3, 1000, 5000);
  for (uint64_t start : {1001ull, 1007ull, 1008ull, 3333ull}) {
    const std::vector<uint8_t> part = Fill(5, 3, start, 1000);
    EXPECT_TRUE(std::equal(part.begin(), part.end(), whole.begin() + static_cast<ptrdiff_t>(start - 1000)));
  }
}

TEST(Pattern, MatchPatternReturnsTheMatchingPrefix) {
  std::vector<uint8_t> v = Fill(9, 4, 123, 10000);
  EXPECT_EQ(MatchPattern(9, 4, 123, v.data(), v.size()), v.size());
  EXPECT_EQ(MatchPattern(9, 4, 123, v.data(), 0), 0u);
  for (size_t bad : {0ul, 1ul, 4095ul, 4096ul, 4097ul, 9999ul}) {
    std::vector<uint8_t> w = v;
    w[bad] ^= 1;
    EXPECT_EQ(MatchPattern(9, 4, 123, w.data(), w.size()), bad);
  }
  EXPECT_EQ(MatchPattern(9, 5, 123, v.data(), v.size()),
            MatchPattern(9, 5, 123, v.data(), 1));  // other source
  EXPECT_EQ(MatchPattern(9, 4, 124, v.data() + 1, v.size() - 1), v.size() - 1);
  std::vector<uint8_t> zeros(5000, 0);
  EXPECT_EQ(MatchPattern(9, kSrcZero, 7, zeros.data(), zeros.size()), zeros.size());
}

}  // namespace
}  // namespace fsfuzz
