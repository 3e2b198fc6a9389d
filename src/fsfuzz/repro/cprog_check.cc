// The check as C data: the check_params the runtime reads (defaults where the kind does
// not use them, so one runtime compiles for every kind) and the candidate table.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "src/fsfuzz/repro/cprog_emit.h"

namespace fsfuzz::cemit {
namespace {

const char* KindName(CheckSpec::Kind k) {
  switch (k) {
    case CheckSpec::Kind::kNone: return "CHECK_NONE";
    case CheckSpec::Kind::kBytes: return "CHECK_BYTES";
    case CheckSpec::Kind::kSize: return "CHECK_SIZE";
    case CheckSpec::Kind::kRet: return "CHECK_RET";
    case CheckSpec::Kind::kSigbus: return "CHECK_SIGBUS";
    case CheckSpec::Kind::kSigbusRange: return "CHECK_SIGBUS_RANGE";
    case CheckSpec::Kind::kSyncEio: return "CHECK_SYNC_EIO";
    case CheckSpec::Kind::kHang: return "CHECK_HANG";
    case CheckSpec::Kind::kKernelLog: return "CHECK_KERNEL_LOG";
  }
  return "CHECK_NONE";
}

const char* WhenName(CheckSpec::When w) {
  switch (w) {
    case CheckSpec::When::kOp: return "WHEN_OP";
    case CheckSpec::When::kSettle: return "WHEN_SETTLE";
    case CheckSpec::When::kCheck: return "WHEN_CHECK";
    case CheckSpec::When::kFinal: return "WHEN_FINAL";
    case CheckSpec::When::kDrain: return "WHEN_DRAIN";
  }
  return "WHEN_OP";
}

const char* ViewEnum(View v) {
  switch (v) {
    case View::kBuffered: return "VIEW_BUFFERED";
    case View::kDirect: return "VIEW_DIRECT";
    case View::kSlot: return "VIEW_MAPPED";
  }
  return "VIEW_BUFFERED";
}

// An errno name as the C macro (the checker writes strerrorname_np's names), or its value.
std::string ErrnoExpr(const std::string& name) {
  if (name.empty()) return "0";
  for (int e = 1; e < 4096; ++e) {
    const char* n = strerrorname_np(e);
    if (n && name == n) return name;
  }
  if (name.rfind("errno ", 0) == 0) return name.substr(6);
  return "0";
}

std::string Candidate(const CheckSpec::Cand& c) {
  std::string row = "  {" + U64(c.off) + ", " + U64(c.len) + ", ";
  if (c.literal) {
    std::string bytes(c.bytes.begin(), c.bytes.end());
    row += "0, 0, " + std::string(c.pre ? "1" : "0") + ", 0, " + Str(bytes) + "},\n";
  } else if (c.any) {
    row += "0, 0, 0, 1, NULL},\n";
  } else {
    char src[16];
    std::snprintf(src, sizeof src, "0x%xu", c.src);
    row += std::string(src) + ", " + std::to_string(c.delta) + "LL, " + (c.pre ? "1" : "0") + ", 0, NULL},\n";
  }
  return row;
}

}  // namespace

std::string CheckTables(const CheckSpec& c, const Program& p, const std::string& title) {
  std::string out = "/* Admissible sources of the checked bytes: {off, len, src, delta, pre, any, hex} */\n";
  out += "static const struct cand cands[] = {\n";
  for (const CheckSpec::Cand& cd : c.cands) out += Candidate(cd);
  out += "  {0, 0, 0, 0, 0, 0, NULL}, /* end */\n};\n";
  out += "/* Ranges a completed op of the step must have changed: \"pre\" is not admissible there. */\n";
  out += "static const struct range definite[] = {\n";
  for (const Range& r : c.definite) out += "  {" + U64(r.off) + ", " + U64(r.len) + "},\n";
  out += "  {0, 0}, /* end */\n};\n";
  out += "/* Admissible st_size values. */\nstatic const uint64_t sizes[] = {";
  for (uint64_t z : c.sizes) out += U64(z) + ", ";
  out += "0};\n\n";
  // -2: a step no run reaches (the end-of-program checks use -1).
  const bool at_end = c.when == CheckSpec::When::kFinal || c.when == CheckSpec::When::kDrain;
  const int64_t step = c.kind == CheckSpec::Kind::kNone ? -2 : at_end ? -1 : c.step;
  out += "static const struct check_params chk = {\n";
  out += "    .title = " + Str(title) + ",\n";
  out += "    .text = " + Str(DescribeCheck(c, p)) + ",\n";
  out += "    .kind = " + std::string(KindName(c.kind)) + ",\n";
  out += "    .when = " + std::string(WhenName(c.when)) + ",\n";
  out += "    .step = " + std::to_string(step) + ",\n";
  out += "    .op = " + std::to_string(c.op_id) + ",\n";
  out += "    .view = " + std::string(ViewEnum(c.view)) + ",\n";
  out += "    .slot = " + std::to_string(c.slot) + ",\n";
  out += "    .off = " + U64(c.off) + ",\n";
  out += "    .len = " + U64(c.len) + ",\n";
  out += "    .base = " + U64(c.base) + ",\n";
  out += "    .cands = cands,\n    .ncands = " + std::to_string(c.cands.size()) + ",\n";
  out += "    .definite = definite,\n    .ndefinite = " + std::to_string(c.definite.size()) + ",\n";
  out += "    .sizes = sizes,\n    .nsizes = " + std::to_string(c.sizes.size()) + ",\n";
  out += "    .ret_range = " + std::string(c.have_range ? "1" : "0") + ",\n";
  out += "    .ret_lo = " + std::to_string(c.ret_lo) + ",\n";
  out += "    .ret_hi = " + std::to_string(c.ret_hi) + ",\n";
  out += "    .obs_errno = " + ErrnoExpr(c.observed_errno) + ",\n";
  out += "    .obs_ret = " + std::to_string(c.observed_ret) + ",\n";
  out += "    .expect_sigbus = " + std::string(c.expect_sigbus ? "1" : "0") + ",\n";
  out += "    .expect_done = " + U64(c.expect_done) + ",\n";
  out += "    .unexpected = " + std::string(c.unexpected ? "1" : "0") + ",\n";
  out += "    .limit = " + U64(c.limit) + ",\n";
  out += "    .touch_base = " + U64(c.touch_base) + ",\n";
  out += "};\n";
  return out;
}

}  // namespace fsfuzz::cemit
