// The trace: what the executor saw while running a program. Together with the program it
// is the only input of the checker (check/), so a saved trace can be re-checked offline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "src/fsfuzz/base/bytes.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

// One executed op.
struct OpRecord {
  uint32_t id = 0;          // op id k (1-based, program order): the source id of its data
  uint8_t thread = 0;       // 0: the main thread; 1..8: round workers
  int64_t t_start_ns = 0;   // relative to the program's start
  int64_t t_end_ns = 0;
  int64_t ret = 0;          // syscall result; for touches the bytes done before any SIGBUS
  int err = 0;              // errno when ret < 0
  bool sigbus = false;      // a touch (or a view load) took SIGBUS
  bool skipped = false;     // not run here (e.g. drop_caches without root); note says why
  std::string note;
  // What the op observed: read/dread/touch_read bytes [0, ret); for read/dread into a
  // mapping, the destination bytes after the call.
  Bytes data;
  bool operator==(const OpRecord&) const = default;
};

enum class View : uint8_t { kBuffered, kDirect, kSlot };
const char* ViewName(View v);

// A read of one view of a file range during a quiescent check or a round's settle.
struct Observation {
  View view = View::kBuffered;
  uint8_t slot = 0;         // kSlot: which mapping
  uint64_t off = 0;         // file offset (also for slot views)
  uint64_t len = 0;         // bytes requested
  int64_t ret = 0;          // bytes read (slot views: bytes loaded before a SIGBUS)
  int err = 0;
  bool sigbus = false;
  Bytes data;  // [0, ret) unless elided
  bool elided = false;        // data dropped to bound memory; digest holds its hash
  uint64_t digest = 0;
  // >= 0: this view read exactly the bytes that the buffered view at this index of the
  // same list read at the same file offsets, so they are not stored again (data empty).
  // A quiescent check compares the O_DIRECT view and every mapping with the buffered view
  // in place: copying each into the trace was most of a checking run's time.
  int32_t same_as = -1;
  bool operator==(const Observation&) const = default;
};

// The bytes [0, o.ret) an observation of `list` read: its own, or those of the buffered
// view it names with same_as. Null when the trace does not hold them (elided, or a
// same_as that names no buffered view holding the whole range).
const uint8_t* ObservedBytes(const std::vector<Observation>& list, const Observation& o);

struct StepRecord {
  std::vector<OpRecord> ops;          // in the step's op order
  std::optional<uint64_t> size;       // st_size after the step, when observed
  std::vector<Observation> settle;    // after a round: the ranges it may have changed
  std::vector<Observation> views;     // quiescent check: after a `check` op
  bool operator==(const StepRecord&) const = default;
};

struct Trace {
  Env env;
  std::vector<StepRecord> steps;   // one per program step that ran
  // End of program: the whole-file check and the fsync that drains write-back errors.
  std::optional<uint64_t> final_size;
  std::vector<Observation> final_views;
  std::optional<OpRecord> drain;
  bool complete = false;           // every step ran (no early stop, no hang)
  std::string stop_reason;         // why not complete
  bool operator==(const Trace&) const = default;
};

// 64-bit digest of observation bytes (for elided observations).
uint64_t Digest(const uint8_t* data, size_t n);

}  // namespace fsfuzz
