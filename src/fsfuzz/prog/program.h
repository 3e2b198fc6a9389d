// The program model: a header and steps; a step is one op or a round of ops that run
// together on worker threads. Knows nothing about running programs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/fsfuzz/prog/limits.h"
#include "src/fsfuzz/prog/op_table.h"

namespace fsfuzz {

// The user buffer of a data op: heap memory (page-aligned base + off, off < page, so a
// non-zero off is a deliberately misaligned buffer) or bytes of a mapping slot.
struct Buf {
  enum class Kind : uint8_t { kHeap, kSlot };
  Kind kind = Kind::kHeap;
  uint8_t slot = 0;
  uint64_t off = 0;
  bool operator==(const Buf&) const = default;
};

struct Op {
  OpKind kind = OpKind::kCheck;
  uint8_t slot = 0;    // kArgSlot
  uint64_t off = 0;    // kArgOff
  uint64_t len = 0;    // kArgLen
  uint64_t size = 0;   // kArgSize
  Buf buf;             // kArgBuf
  uint8_t mode = 0;    // kArgMode: index into the op's mode words
  bool operator==(const Op&) const = default;
};

struct Step {
  bool round = false;  // true: ops run concurrently, one worker each
  std::vector<Op> ops;
  bool operator==(const Step&) const = default;
};

struct Header {
  uint64_t size = 0;      // initial file size
  uint64_t seed = 0;      // data pattern seed
  uint64_t aux_size = 0;  // size of the second file (0: none)
  bool sparse = false;    // initial contents are a hole instead of data
  bool operator==(const Header&) const = default;
};

struct Program {
  Header header;
  std::vector<Step> steps;
  bool operator==(const Program&) const = default;

  size_t NumOps() const;
};

// A mapping established by an mmap op.
struct Mapping {
  uint64_t off = 0;  // file offset of the first mapped byte (page aligned)
  uint64_t len = 0;  // mapped length (page multiple)
  MapMode mode = MapMode::kShared;
  bool aux() const { return mode == MapMode::kAuxShared || mode == MapMode::kAuxPrivate; }
  bool priv() const { return mode == MapMode::kPrivate || mode == MapMode::kAuxPrivate; }
  bool operator==(const Mapping&) const = default;
};

// Slot table at a point of the program (mmap/munmap are sequential-only, so the table is
// a static property of each step).
using Slots = std::array<std::optional<Mapping>, kMaxSlots>;

// Applies a sequential mmap/munmap to the table (other ops leave it unchanged).
void ApplyToSlots(const Op& op, Slots& slots);

// Where an op's ids start: op k (1-based, program order) is the source id of its data.
// Returns, per step, the id of its first op.
std::vector<uint32_t> FirstOpIds(const Program& p);

// A static error in a program, located by step and op (the text parser adds line:col).
struct ProgramError {
  size_t step = 0;
  size_t op = 0;  // index inside the step
  std::string message;
};

// Checks every static rule: ranges, alignment where an op needs it, slots mapped where
// used, sequential-only ops outside rounds. Returns all errors (empty: valid).
std::vector<ProgramError> Validate(const Program& p);
// Validates one op given the slot table before it; in_round applies round-only rules.
std::optional<std::string> ValidateOp(const Op& op, const Slots& slots, bool in_round);
std::optional<std::string> ValidateHeader(const Header& h);

// The file range an op can change, given the file size before it (for settling rounds).
// Empty (len 0) for ops that change no file data.
struct Range {
  uint64_t off = 0;
  uint64_t len = 0;
  uint64_t end() const { return off + len; }
  bool empty() const { return len == 0; }
  bool operator==(const Range&) const = default;
};
Range AffectedRange(const Op& op, const Slots& slots, uint64_t size_before);

// True when a sequential op's effect on file data cannot be predicted byte-exactly: a
// copy between the file and a mapping of the same file (the kernel may copy as a
// snapshot or page by page forward), or a write from any mapping (one that faults part
// way may return EFAULT with part of its data written). The executor settles such steps
// like rounds.
bool NeedsSettle(const Op& op, const Slots& slots);

// True when the op's O_DIRECT request is aligned to `align` (offset, length, buffer).
bool DirectAligned(const Op& op, const Slots& slots, uint64_t align);

}  // namespace fsfuzz
