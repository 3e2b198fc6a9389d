// Trace helpers.
#include "src/fsfuzz/trace/trace.h"

#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {

const char* ViewName(View v) {
  switch (v) {
    case View::kBuffered: return "buffered";
    case View::kDirect: return "direct";
    case View::kSlot: return "mapped";
  }
  return "?";
}

uint64_t Digest(const uint8_t* data, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull ^ n;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, data + i, 8);
    h = Mix64(h ^ w);
  }
  uint64_t tail = 0;
  for (size_t j = 0; i < n; ++i, ++j) tail |= static_cast<uint64_t>(data[i]) << (8 * j);
  return Mix64(h ^ tail);
}

}  // namespace fsfuzz
