// The data pattern: the byte source `src` (an op id, kSrcInit, kSrcAux) puts at file
// offset `pos`. Never zero (except kSrcZero), different per source and per offset, so a
// wrong byte says whose data it is. The C emitter (repro/) prints the same function.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fsfuzz {

// One 64-bit mixing step (splitmix64's finalizer).
inline uint64_t Mix64(uint64_t z) {
  z += 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The 8 pattern bytes of word `word` (bytes [8*word, 8*word+8)) of a source.
inline uint64_t PatternWord(uint64_t key, uint64_t word) {
  uint64_t w = Mix64(key ^ (word * 0xd6e8feb86659fd93ull));
  // Replace zero bytes with 0x5a: bit 7 of each byte of nz is set iff that byte is non-zero.
  uint64_t nz = (((w & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full) | w) & 0x8080808080808080ull;
  uint64_t zero_lsb = (~nz & 0x8080808080808080ull) >> 7;
  return w | (zero_lsb * 0x5a);
}

inline uint64_t PatternKey(uint64_t seed, uint32_t src) {
  return Mix64(seed * 0x100000001b3ull ^ (static_cast<uint64_t>(src) << 1 | 1));
}

uint8_t PatternByte(uint64_t seed, uint32_t src, uint64_t pos);
// out[k] = PatternWord(key, word + k) for k < n (vectorized; pattern_words.cc).
void PatternWords(uint64_t key, uint64_t word, uint64_t* out, size_t n);
// Writes pattern bytes for [pos, pos+n) of `src` to out (zeros for kSrcZero).
void FillPattern(uint64_t seed, uint32_t src, uint64_t pos, uint8_t* out, size_t n);
// Length of the prefix of data[0..n) that equals the pattern of src at pos.
size_t MatchPattern(uint64_t seed, uint32_t src, uint64_t pos, const uint8_t* data, size_t n);

}  // namespace fsfuzz
