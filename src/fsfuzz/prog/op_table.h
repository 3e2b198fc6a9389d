// The op table: one row per op kind drives the model, both codecs, the generator,
// the executor's dispatch and the C emitter. See DESIGN.md "Program".
#pragma once

#include <cstdint>
#include <string_view>

namespace fsfuzz {

// Which Op fields an op uses (and prints/parses).
enum ArgBits : uint32_t {
  kArgSlot = 1u << 0,  // mN: a mapping slot
  kArgOff = 1u << 1,   // off=: file offset (data ops) or slot-relative offset (touch/msync/madvise)
  kArgLen = 1u << 2,   // len=
  kArgSize = 1u << 3,  // size= (truncate; may be written bare)
  kArgBuf = 1u << 4,   // buf=heap[+N] | buf=mK[+N]
  kArgMode = 1u << 5,  // an op-specific mode word (see the mode lists below)
};

// Properties the model, generator and validator need.
enum TraitBits : uint32_t {
  kTrWrites = 1u << 0,       // may change file data
  kTrReads = 1u << 1,        // observes file data
  kTrDirect = 1u << 2,       // O_DIRECT
  kTrSizeChange = 1u << 3,   // may change the file size
  kTrSequential = 1u << 4,   // not allowed inside a round
  kTrSync = 1u << 5,         // reports write-back errors (EIO)
  kTrNeedsRoot = 1u << 6,    // some modes need root (the executor records a skip)
};

// The model rule of each op, applied by the checker (check/) and the simulator.
enum class Effect : uint8_t {
  kWriteData,    // write/dwrite: [off, off+ret) := source (heap pattern or mapped bytes)
  kReadData,     // read/dread: observe [off, off+ret); buf=map stores what was read
  kMap,          // mmap: slot := mapping
  kUnmap,        // munmap
  kTouchRead,    // loads through a slot
  kTouchWrite,   // stores through a slot
  kSetSize,      // truncate
  kFallocate,    // fallocate modes
  kSync,         // fsync/fdatasync/msync: no data effect, may report EIO
  kNone,         // madvise, evict: must not change what any view reads
  kRemount,      // cold cache; slots re-established
  kCheck,        // quiescent check of the whole file
};

//  X(Id, name, args, traits, effect, weight, help)
#define FSFUZZ_OPS(X)                                                                         \
  X(Write, "write", kArgOff | kArgLen | kArgBuf, kTrWrites | kTrSizeChange, Effect::kWriteData, 10, \
    "buffered pwrite of op data (or of mapped bytes, buf=mK)")                                \
  X(Read, "read", kArgOff | kArgLen | kArgBuf, kTrReads, Effect::kReadData, 8,                \
    "buffered pread (into heap, or into a mapping, buf=mK)")                                   \
  X(DWrite, "dwrite", kArgOff | kArgLen | kArgBuf, kTrWrites | kTrDirect | kTrSizeChange,     \
    Effect::kWriteData, 10, "O_DIRECT pwrite from heap or from a mapping (buf=mK+N)")          \
  X(DRead, "dread", kArgOff | kArgLen | kArgBuf, kTrReads | kTrDirect, Effect::kReadData, 8,  \
    "O_DIRECT pread into heap or into a mapping")                                              \
  X(Mmap, "mmap", kArgSlot | kArgOff | kArgLen | kArgMode, kTrSequential, Effect::kMap, 3,     \
    "map [off, off+len) of the file (or of the aux file) into slot mK")                       \
  X(Munmap, "munmap", kArgSlot, kTrSequential, Effect::kUnmap, 1, "unmap slot mK")             \
  X(TouchRead, "touch_read", kArgSlot | kArgOff | kArgLen, kTrReads, Effect::kTouchRead, 8,    \
    "loads through slot mK at slot offsets [off, off+len)")                                    \
  X(TouchWrite, "touch_write", kArgSlot | kArgOff | kArgLen, kTrWrites, Effect::kTouchWrite,   \
    10, "stores of op data through slot mK")                                                   \
  X(Truncate, "truncate", kArgSize, kTrWrites | kTrSizeChange, Effect::kSetSize, 4,           \
    "ftruncate to size (shrink or extend)")                                                    \
  X(Fallocate, "fallocate", kArgOff | kArgLen | kArgMode, kTrWrites | kTrSizeChange,           \
    Effect::kFallocate, 3, "fallocate: alloc, keep (KEEP_SIZE), punch, zero, zero_keep")       \
  X(Fsync, "fsync", 0, kTrSync, Effect::kSync, 2, "fsync")                                     \
  X(Fdatasync, "fdatasync", 0, kTrSync, Effect::kSync, 2, "fdatasync")                         \
  X(Msync, "msync", kArgSlot | kArgOff | kArgLen | kArgMode, kTrSync, Effect::kSync, 2,        \
    "msync of slot range: sync, async, invalidate")                                            \
  X(Madvise, "madvise", kArgSlot | kArgOff | kArgLen | kArgMode, 0, Effect::kNone, 2,          \
    "madvise of slot range: dontneed, pageout, cold, willneed")                                \
  X(Evict, "evict", kArgMode, kTrSequential | kTrNeedsRoot, Effect::kNone, 2,                  \
    "drop clean cached pages: fadvise (POSIX_FADV_DONTNEED) or drop (drop_caches, root)")      \
  X(Remount, "remount", 0, kTrSequential | kTrNeedsRoot, Effect::kRemount, 0,                  \
    "unmount and mount the testbed (cold cache; root testbeds only)")                          \
  X(Check, "check", 0, kTrSequential, Effect::kCheck, 1,                                       \
    "quiescent check: every view of the whole file against the model")

enum class OpKind : uint8_t {
#define FSFUZZ_X(id, name, args, traits, effect, weight, help) k##id,
  FSFUZZ_OPS(FSFUZZ_X)
#undef FSFUZZ_X
};

inline constexpr int kNumOpKinds = 0
#define FSFUZZ_X(id, name, args, traits, effect, weight, help) +1
    FSFUZZ_OPS(FSFUZZ_X)
#undef FSFUZZ_X
    ;

// Mode words. Each op with kArgMode has a list; the first is the default.
enum class MapMode : uint8_t { kShared, kPrivate, kAuxShared, kAuxPrivate };
enum class MsyncMode : uint8_t { kSync, kAsync, kInvalidate };
enum class MadviseMode : uint8_t { kDontneed, kPageout, kCold, kWillneed };
enum class FallocMode : uint8_t { kAlloc, kKeep, kPunch, kZero, kZeroKeep };
enum class EvictMode : uint8_t { kFadvise, kDrop };

struct OpInfo {
  OpKind kind;
  std::string_view name;
  uint32_t args;
  uint32_t traits;
  Effect effect;
  int weight;           // default generator weight
  std::string_view help;
  const std::string_view* modes;  // nullptr when the op has no mode word
  int num_modes;
};

const OpInfo& Info(OpKind k);
// Returns false when no op has that name.
bool OpKindFromName(std::string_view name, OpKind* out);
// The mode word for an op kind and mode value ("" if none).
std::string_view ModeName(OpKind k, uint8_t mode);
bool ModeFromName(OpKind k, std::string_view word, uint8_t* out);

inline bool Has(OpKind k, TraitBits t) { return (Info(k).traits & t) != 0; }
inline bool Uses(OpKind k, ArgBits a) { return (Info(k).args & a) != 0; }

}  // namespace fsfuzz
