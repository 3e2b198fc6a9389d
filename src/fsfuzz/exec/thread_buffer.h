// Page-aligned per-thread scratch memory, grown on demand and reused, so the per-op path
// of a backend allocates nothing once a thread has seen its largest op.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fsfuzz {

// At least n bytes of this thread's scratch buffer, page aligned (O_DIRECT-ready). The
// contents are not preserved across a call that grows it. Aborts when out of memory.
uint8_t* ThreadScratch(size_t n);

// The default size PrepareThread reserves: the 1 MiB observation chunk plus a page of
// buffer offset.
inline constexpr size_t kDefaultScratch = (1u << 20) + 4096;

}  // namespace fsfuzz
