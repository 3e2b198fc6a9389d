// SIGBUS-tolerant copies through mappings: a fault past EOF becomes a recorded result.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fsfuzz {

// Installs the process-wide SIGBUS handler. Idempotent and cheap when ours is in place;
// installs it again when someone else (a sanitizer runtime, a test) replaced it. The
// handler only acts for a guarded copy running on the faulting thread; any other SIGBUS
// gets the default action back and is re-delivered, so it kills the process as usual.
void InstallSigbusHandler();

// True while our handler is the installed one (one sigaction query).
bool SigbusHandlerInstalled();

// Copies n bytes from src to dst in chunks that never cross a page boundary of either
// side. Returns the bytes completed before a SIGBUS (*sigbus then true). A SIGBUS comes
// on the first access to a page wholly past EOF, before any byte of that page is stored,
// so the count is exact at page granularity.
size_t GuardedCopy(void* dst, const void* src, size_t n, bool* sigbus);

// Whether the n bytes at `mapped` equal those at `ref`; false as well when loading from
// `mapped` takes SIGBUS (the caller then copies with GuardedCopy, which says where).
bool GuardedEqual(const void* mapped, const void* ref, size_t n);

// Stores pattern(seed, src, pos + i) to dst[i] for i in [0, n) through guarded copies of
// page-sized chunks (the pattern is built in a thread-local buffer first, so a fault
// never hits the pattern generator). Returns the bytes stored before a SIGBUS.
size_t GuardedStorePattern(void* dst, uint64_t seed, uint32_t src, uint64_t pos, size_t n,
                           bool* sigbus);

}  // namespace fsfuzz
