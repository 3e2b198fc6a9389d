// The condition a finding was about, in one typed form for the C emitter and `fsfuzz show`:
// parsed from the finding's evidence.check (docs/finding-format.md), or derived from its
// class where the checker records none (hangs, kernel reports, SIGBUS inside rounds).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz {

struct CheckSpec {
  enum class Kind : uint8_t {
    kNone,         // nothing to check: the program just runs (note says why)
    kBytes,        // bytes read through a view must each equal an admissible candidate
    kSize,         // st_size must be one of `sizes`
    kRet,          // an op's result must be in [ret_lo, ret_hi]
    kSigbus,       // a touch must (not) take SIGBUS, after exactly expect_done bytes
    kSigbusRange,  // a touch in a round: SIGBUS below `limit` / none reaching `limit`
    kSyncEio,      // a sync (or the end-of-program fsync) returns EIO: the dio collision
    kHang,         // an op does not finish within the deadline
    kKernelLog,    // the kernel logs a report (WARNING, BUG, ...)
  };
  enum class When : uint8_t {
    kOp,      // the op's own result or data
    kSettle,  // the buffered read-back after a round (or settled step)
    kCheck,   // the quiescent views of a `check` step
    kFinal,   // the end-of-program size and views
    kDrain,   // the end-of-program fsync
  };

  struct Cand {
    uint64_t off = 0, len = 0;
    bool any = false;              // anything is admissible here
    bool pre = false;              // the value before the step: not on definite ranges
    bool literal = false;          // bytes holds the value (adopted bytes)
    uint32_t src = 0;              // else byte o is pattern(seed, src, o + delta) (0: zero)
    int64_t delta = 0;
    std::vector<uint8_t> bytes;
  };

  Kind kind = Kind::kNone;
  When when = When::kOp;
  int64_t step = -1;    // program step the check belongs to (-1: the end)
  uint32_t op_id = 0;   // the op whose result is checked (0: none / the drain)
  std::string note;     // kNone: why; else a remark for reports

  // kBytes
  View view = View::kBuffered;
  int slot = -1;
  uint64_t off = 0, len = 0;
  bool tail = false;    // bytes of the EOF page past EOF through a mapping
  uint64_t base = 0;    // kOp: file offset of the op's first observed byte
  std::vector<Cand> cands;
  std::vector<Range> definite;

  // kSize
  std::vector<uint64_t> sizes;

  // kRet: the admissible range, and what the finding saw (the same unexpected outcome
  // must recur: an errno, or a count outside the range).
  bool have_range = false;
  int64_t ret_lo = 0, ret_hi = 0;
  std::string observed_errno;  // "EINVAL" ("": it returned a count)
  int64_t observed_ret = 0;

  // kSigbus / kSigbusRange
  bool expect_sigbus = false;
  uint64_t expect_done = 0;
  bool unexpected = false;  // kSigbusRange: an unexpected SIGBUS (else a missing one)
  uint64_t limit = 0;       // kSigbusRange: the EOF page end that decides
  uint64_t touch_base = 0;  // file offset of the touch's first byte

  // kHang
  int64_t deadline_ms = 10000;
};

// The check of `f` on program p (the program the finding ran; op ids index its ops).
// A finding whose evidence has no check and whose class gives none yields kNone with a
// note; a malformed check is kCorrupt.
Result<CheckSpec> CheckSpecOf(const Finding& f, const Program& p);

// One paragraph in words: what is read, when, and what is admissible.
std::string DescribeCheck(const CheckSpec& c, const Program& p);

const char* CheckKindName(CheckSpec::Kind k);
const char* CheckWhenName(CheckSpec::When w);

}  // namespace fsfuzz
