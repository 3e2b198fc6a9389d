// Pattern generation and matching (see pattern.h).
#include "src/fsfuzz/prog/pattern.h"

#include <algorithm>
#include <cstring>

#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {

uint8_t PatternByte(uint64_t seed, uint32_t src, uint64_t pos) {
  if (src == kSrcZero) return 0;
  return static_cast<uint8_t>(PatternWord(PatternKey(seed, src), pos >> 3) >> (8 * (pos & 7)));
}

void FillPattern(uint64_t seed, uint32_t src, uint64_t pos, uint8_t* out, size_t n) {
  if (src == kSrcZero) {
    std::memset(out, 0, n);
    return;
  }
  const uint64_t key = PatternKey(seed, src);
  size_t i = 0;
  // Head up to a word boundary.
  while (i < n && ((pos + i) & 7) != 0) {
    out[i] = static_cast<uint8_t>(PatternWord(key, (pos + i) >> 3) >> (8 * ((pos + i) & 7)));
    ++i;
  }
  // Whole words in blocks: generated vectorized into a stack buffer, then copied (out
  // need not be aligned; little-endian: byte b of a word is offset b).
  constexpr size_t kBlockWords = 256;
  uint64_t words[kBlockWords];
  while (n - i >= 8) {
    const uint64_t word = (pos + i) >> 3;
    // Positions wrap at 2^64 (a copy's negative source position): so do word indices,
    // at 2^61, which word + k in PatternWords would not.
    const size_t m = static_cast<size_t>(std::min<uint64_t>({(n - i) / 8, kBlockWords, (1ull << 61) - word}));
    PatternWords(key, word, words, m);
    std::memcpy(out + i, words, 8 * m);
    i += 8 * m;
  }
  for (; i < n; ++i) {
    out[i] = static_cast<uint8_t>(PatternWord(key, (pos + i) >> 3) >> (8 * ((pos + i) & 7)));
  }
}

size_t MatchPattern(uint64_t seed, uint32_t src, uint64_t pos, const uint8_t* data, size_t n) {
  uint8_t buf[4096];
  size_t done = 0;
  while (done < n) {
    size_t c = n - done < sizeof buf ? n - done : sizeof buf;
    FillPattern(seed, src, pos + done, buf, c);
    if (std::memcmp(buf, data + done, c) != 0) {
      size_t j = 0;
      while (buf[j] == data[done + j]) ++j;
      return done + j;
    }
    done += c;
  }
  return n;
}

}  // namespace fsfuzz
