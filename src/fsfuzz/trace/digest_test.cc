// The view digest: every single-byte change, in any lane and in the tail, and every
// length change gives a different digest (an elided view is compared by it alone).
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz {
namespace {

TEST(Digest, EveryByteAndTheLengthCount) {
  for (size_t n : {0u, 1u, 7u, 8u, 31u, 32u, 33u, 63u, 64u, 65u, 100u, 4096u, 4099u}) {
    std::vector<uint8_t> a(n);
    for (size_t i = 0; i < n; ++i) a[i] = static_cast<uint8_t>(i * 37 + 11);
    const uint64_t d = Digest(a.data(), n);
    EXPECT_EQ(d, Digest(a.data(), n));
    for (size_t i = 0; i < n; ++i) {
      a[i] ^= 0x40;
      EXPECT_NE(Digest(a.data(), n), d) << "n " << n << " byte " << i;
      a[i] ^= 0x40;
    }
    std::vector<uint8_t> longer = a;
    longer.push_back(0);
    EXPECT_NE(Digest(longer.data(), longer.size()), d) << n;
  }
  // Swapping two words (different lanes) changes it too.
  std::vector<uint8_t> b(64);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(i);
  std::vector<uint8_t> c = b;
  for (int k = 0; k < 8; ++k) std::swap(c[k], c[8 + k]);
  EXPECT_NE(Digest(b.data(), b.size()), Digest(c.data(), c.size()));
}

}  // namespace
}  // namespace fsfuzz
