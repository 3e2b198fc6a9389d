// Test-only builders for programs and hand-written traces (used by check/ tests).
#pragma once

#include <cerrno>
#include <vector>

#include "src/fsfuzz/prog/pattern.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz::testing {

inline Op MakeOp(OpKind k, uint64_t off = 0, uint64_t len = 0) {
  Op op;
  op.kind = k;
  op.off = off;
  op.len = len;
  return op;
}
inline Op Write(uint64_t off, uint64_t len) { return MakeOp(OpKind::kWrite, off, len); }
inline Op DWrite(uint64_t off, uint64_t len) { return MakeOp(OpKind::kDWrite, off, len); }
inline Op Read(uint64_t off, uint64_t len) { return MakeOp(OpKind::kRead, off, len); }
inline Op DRead(uint64_t off, uint64_t len) { return MakeOp(OpKind::kDRead, off, len); }
inline Op WithMapBuf(Op op, uint8_t slot, uint64_t off) {
  op.buf = Buf{Buf::Kind::kSlot, slot, off};
  return op;
}
inline Op Mmap(uint8_t slot, uint64_t off, uint64_t len, MapMode mode = MapMode::kShared) {
  Op op = MakeOp(OpKind::kMmap, off, len);
  op.slot = slot;
  op.mode = static_cast<uint8_t>(mode);
  return op;
}
inline Op Touch(OpKind k, uint8_t slot, uint64_t off, uint64_t len) {
  Op op = MakeOp(k, off, len);
  op.slot = slot;
  return op;
}
inline Op TouchW(uint8_t slot, uint64_t off, uint64_t len) { return Touch(OpKind::kTouchWrite, slot, off, len); }
inline Op TouchR(uint8_t slot, uint64_t off, uint64_t len) { return Touch(OpKind::kTouchRead, slot, off, len); }
inline Op Truncate(uint64_t size) {
  Op op = MakeOp(OpKind::kTruncate);
  op.size = size;
  return op;
}
inline Op Simple(OpKind k) { return MakeOp(k); }

inline Step Seq(Op op) { return Step{false, {op}}; }
inline Step Round(std::vector<Op> ops) { return Step{true, std::move(ops)}; }

inline Program Prog(uint64_t size, std::vector<Step> steps, uint64_t seed = 7) {
  Program p;
  p.header.size = size;
  p.header.seed = seed;
  p.steps = std::move(steps);
  return p;
}

inline std::vector<uint8_t> Pat(uint64_t seed, uint32_t src, uint64_t off, uint64_t len) {
  std::vector<uint8_t> v(len);
  FillPattern(seed, src, off, v.data(), len);
  return v;
}
inline std::vector<uint8_t> Cat(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline OpRecord Ok(uint32_t id, int64_t ret = 0, std::vector<uint8_t> data = {}) {
  OpRecord r;
  r.id = id;
  r.ret = ret;
  r.data = ToBytes(data);
  return r;
}
inline OpRecord Err(uint32_t id, int err) {
  OpRecord r;
  r.id = id;
  r.ret = -1;
  r.err = err;
  return r;
}
inline OpRecord Bus(uint32_t id, int64_t done, std::vector<uint8_t> data = {}) {
  OpRecord r = Ok(id, done, std::move(data));
  r.sigbus = true;
  return r;
}

inline StepRecord One(OpRecord r, std::optional<uint64_t> size = std::nullopt) {
  StepRecord s;
  s.ops.push_back(std::move(r));
  s.size = size;
  return s;
}

inline Observation Obs(View v, uint64_t off, uint64_t len, std::vector<uint8_t> data, uint8_t slot = 0) {
  Observation o;
  o.view = v;
  o.slot = slot;
  o.off = off;
  o.len = len;
  o.ret = static_cast<int64_t>(data.size());
  o.data = ToBytes(data);
  return o;
}

inline Env TestEnv() {
  Env e;
  e.fs = "test";
  e.kernel = "test";
  e.dio_mem_align = 512;
  e.dio_offset_align = 512;
  return e;
}

}  // namespace fsfuzz::testing
