// The program as C data: one ops[] row per op (with what a settle after it reads) and one
// steps[] row per step (with what fsfuzz observes after it), plus the literal helpers.
#include <algorithm>
#include <cstdio>

#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/repro/cprog_emit.h"

namespace fsfuzz::cemit {
namespace {

// Op kinds by name in the C runtime's enum; the static_assert keeps the two in step.
constexpr const char* kCKinds[] = {"OP_WRITE",      "OP_READ",     "OP_DWRITE",   "OP_DREAD",    "OP_MMAP",
                                   "OP_MUNMAP",     "OP_TOUCH_READ", "OP_TOUCH_WRITE", "OP_TRUNCATE", "OP_FALLOCATE",
                                   "OP_FSYNC",      "OP_FDATASYNC", "OP_MSYNC",    "OP_MADVISE",  "OP_EVICT",
                                   "OP_REMOUNT",    "OP_CHECK"};
static_assert(sizeof kCKinds / sizeof kCKinds[0] == kNumOpKinds, "a new op kind needs a C runtime case");

std::string ModeExpr(const Op& op) {
  switch (op.kind) {
    case OpKind::kMmap: {
      static const char* m[] = {"MAP_MODE_SHARED", "MAP_MODE_PRIVATE", "MAP_MODE_AUX", "MAP_MODE_AUX_PRIVATE"};
      return m[op.mode % 4];
    }
    case OpKind::kFallocate: {
      static const char* m[] = {"0", "FALLOC_FL_KEEP_SIZE", "FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE",
                                "FALLOC_FL_ZERO_RANGE", "FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE"};
      return m[op.mode % 5];
    }
    case OpKind::kMsync: {
      static const char* m[] = {"MS_SYNC", "MS_ASYNC", "MS_INVALIDATE"};
      return m[op.mode % 3];
    }
    case OpKind::kMadvise: {
      static const char* m[] = {"MADV_DONTNEED", "MADV_PAGEOUT", "MADV_COLD", "MADV_WILLNEED"};
      return m[op.mode % 4];
    }
    case OpKind::kEvict: return op.mode ? "EVICT_DROP" : "EVICT_FADVISE";
    default: return "0";
  }
}

// What the settle after a round (or settled step) reads for this op: AffectedRange, with
// the size-dependent cases left to the runtime (it knows the size before the step).
std::string Affect(const Op& op, const Slots& slots) {
  switch (op.kind) {
    case OpKind::kTruncate: return ".aff = AFF_TRUNCATE";
    case OpKind::kFallocate: return ".aff = AFF_FALLOCATE";
    default: break;
  }
  const Range r = AffectedRange(op, slots, 0);
  if (r.empty()) return ".aff = AFF_NONE";
  return ".aff = AFF_FIXED, .aff_off = " + U64(r.off) + ", .aff_len = " + U64(r.len);
}

std::string OpRow(const Op& op, uint32_t id, const Slots& slots, const OpRecord* orig) {
  std::string row = "  /* #" + std::to_string(id) + " */ {.kind = " + kCKinds[static_cast<size_t>(op.kind)];
  if (Uses(op.kind, kArgSlot)) row += ", .slot = " + std::to_string(op.slot);
  if (Uses(op.kind, kArgOff)) row += ", .off = " + U64(op.off);
  if (Uses(op.kind, kArgLen)) row += ", .len = " + U64(op.len);
  if (Uses(op.kind, kArgSize)) row += ", .size = " + U64(op.size);
  if (Uses(op.kind, kArgBuf)) {
    row += ", .buf = " + (op.buf.kind == Buf::Kind::kHeap ? std::string("BUF_HEAP") : std::to_string(op.buf.slot));
    row += ", .buf_off = " + U64(op.buf.off);
  }
  if (Uses(op.kind, kArgMode)) row += ", .mode = " + ModeExpr(op);
  row += ",\n             " + Affect(op, slots) + ", .text = " + Str(PrintOp(op));
  // Only ops that change what the model expects later: writes, size changes, mappings.
  const bool model = Has(op.kind, kTrWrites) || op.kind == OpKind::kMmap || op.kind == OpKind::kMunmap ||
                     (Uses(op.kind, kArgBuf) && op.buf.kind == Buf::Kind::kSlot);
  if (orig && model && !orig->skipped) {
    row += ",\n             .orig = 1, .orig_ret = " + std::to_string(orig->ret) + ", .orig_err = " +
           std::to_string(orig->err);
  }
  return row + "},\n";
}

uint64_t Fnv1a(const Bytes& d) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (uint8_t c : d) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

}  // namespace

std::string Str(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 32 || c >= 127 || c == '?') {  // '?': no trigraphs
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%03o", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string U64(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llxULL", static_cast<unsigned long long>(v));
  return buf;
}

std::string CommentSafe(std::string s) {
  for (size_t p; (p = s.find("*/")) != std::string::npos;) s.replace(p, 2, "* /");
  for (size_t p; (p = s.find("/*")) != std::string::npos;) s.replace(p, 2, "/ *");
  return s;
}

namespace {

// st_size after step s in the finding's run, as a C literal (-1: not observed there).
std::string OrigSize(const Trace* trace, size_t s) {
  if (!trace || s >= trace->steps.size() || !trace->steps[s].size) return "-1";
  return std::to_string(*trace->steps[s].size) + "LL";
}

}  // namespace

std::string ProgramTables(const Program& p, const Trace* trace) {
  size_t max_round = 0;
  for (const Step& st : p.steps) {
    if (st.round) max_round = std::max(max_round, st.ops.size());
  }
  std::string out;
  out += "#define NOPS " + std::to_string(p.NumOps()) + "\n";
  out += "#define NSTEPS " + std::to_string(p.steps.size()) + "\n";
  out += "#define MAX_ROUND " + std::to_string(max_round) + " /* worker threads: the largest round */\n";
  std::string ops = "static const struct op ops[NOPS + 1] = {\n";
  std::string steps = "static const struct step steps[NSTEPS + 1] = {\n";
  Slots slots;
  uint32_t id = 1;
  int first = 0;
  for (size_t s = 0; s < p.steps.size(); ++s) {
    const Step& st = p.steps[s];
    // The executor's observation rules (exec/executor.cc ObserveStep).
    const bool settle = st.round || NeedsSettle(st.ops[0], slots);
    bool is_check = false, size_op = false;
    for (const Op& op : st.ops) {
      is_check |= op.kind == OpKind::kCheck;
      size_op |= op.kind == OpKind::kRemount || Has(op.kind, kTrSizeChange);
    }
    const bool need_size = settle || is_check || size_op;
    for (size_t i = 0; i < st.ops.size(); ++i) {
      const OpRecord* orig = nullptr;
      if (trace && s < trace->steps.size() && i < trace->steps[s].ops.size()) orig = &trace->steps[s].ops[i];
      ops += OpRow(st.ops[i], id++, slots, orig);
    }
    steps += "  /* step " + std::to_string(s) + " */ {" + std::to_string(first) + ", " + std::to_string(st.ops.size()) +
             ", " + (st.round ? "1" : "0") + ", " + (settle ? "1" : "0") + ", " + (need_size ? "1" : "0") + ", " +
             (is_check ? "1" : "0") + ", " + OrigSize(trace, s) + "},\n";
    first += static_cast<int>(st.ops.size());
    if (!st.round) {
      for (const Op& op : st.ops) ApplyToSlots(op, slots);
    }
  }
  ops += "  {.kind = OP_CHECK, .text = \"\"}, /* end */\n};\n";
  steps += "  {0, 0, 0, 0, 0, 0, -1}, /* end */\n};\n";
  // The finding's read-backs after rounds (elided ones cannot be compared).
  std::string settles = "static const struct settle_seen settles_seen[] = {\n";
  size_t n = 0;
  for (size_t s = 0; trace && s < trace->steps.size(); ++s) {
    for (const Observation& o : trace->steps[s].settle) {
      if (o.elided) continue;
      settles += "  {" + std::to_string(s) + ", " + U64(o.off) + ", " + std::to_string(o.ret) + ", " +
                 U64(Fnv1a(o.data)) + "},\n";
      ++n;
    }
  }
  settles += "  {0, 0, 0, 0}, /* end */\n};\n#define NSETTLES " + std::to_string(n) + "\n";
  return out + "\n" + ops + "\n/* per step: {first op, ops, round, settle, fstat, check views, st_size after it in the finding's run} */\n" + steps +
         "\n/* The finding's read-backs after rounds: {step, off, bytes, fnv1a64 of them} */\n" + settles;
}

}  // namespace fsfuzz::cemit
