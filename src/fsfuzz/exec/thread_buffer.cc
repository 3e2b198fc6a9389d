// Per-thread scratch buffers (see thread_buffer.h).
#include "src/fsfuzz/exec/thread_buffer.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace fsfuzz {
namespace {

struct Scratch {
  uint8_t* p = nullptr;
  size_t cap = 0;
  ~Scratch() { std::free(p); }
};

thread_local Scratch t_scratch;

}  // namespace

uint8_t* ThreadScratch(size_t n) {
  Scratch& s = t_scratch;
  if (n <= s.cap && s.p != nullptr) return s.p;
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  // Grow geometrically so a slowly growing op length does not reallocate every time.
  size_t cap = s.cap ? s.cap : kDefaultScratch;
  while (cap < n) cap *= 2;
  cap = (cap + page - 1) / page * page;
  std::free(s.p);
  s.p = static_cast<uint8_t*>(std::aligned_alloc(page, cap));
  if (s.p == nullptr) {
    std::fprintf(stderr, "fsfuzz: out of memory for a %zu-byte I/O buffer\n", cap);
    std::abort();
  }
  s.cap = cap;
  return s.p;
}

}  // namespace fsfuzz
