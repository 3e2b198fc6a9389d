// Explainer (see explain.h).
#include "src/fsfuzz/check/explain.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {

Explainer::Explainer(const Program& p) {
  // Where each slot maps the file, followed in program order (a round's ops see the
  // mappings of the steps before it; an mmap inside the round counts from the next op on:
  // close enough for naming bytes).
  std::vector<int64_t> slot_off(kMaxSlots, -1);
  for (const Step& s : p.steps) {
    for (const Op& op : s.ops) {
      ops_.push_back(&op);
      if (op.kind == OpKind::kMmap && op.slot < kMaxSlots) slot_off[op.slot] = static_cast<int64_t>(op.off);
      if (op.kind == OpKind::kMunmap && op.slot < kMaxSlots) slot_off[op.slot] = -1;
      if (!Uses(op.kind, kArgBuf) || op.buf.kind != Buf::Kind::kSlot || op.buf.slot >= kMaxSlots ||
          slot_off[op.buf.slot] < 0) {
        continue;
      }
      const int64_t buf = slot_off[op.buf.slot] + static_cast<int64_t>(op.buf.off);
      const int64_t file = static_cast<int64_t>(op.off);
      int64_t d = 0;  // byte o of the destination holds source byte o + d
      if (op.kind == OpKind::kWrite || op.kind == OpKind::kDWrite) d = buf - file;
      if (op.kind == OpKind::kRead || op.kind == OpKind::kDRead) d = file - buf;
      if (d == 0) continue;
      // A copy whose source and destination overlap may run page by page forward (btrfs,
      // tmpfs): each page copies the page the previous one just wrote, so the bytes move
      // by d, 2d, 3d, ... up to the length of the copy.
      const uint64_t ad = static_cast<uint64_t>(d < 0 ? -d : d);
      const uint64_t gens = ad < op.len ? std::min<uint64_t>(op.len / ad + 1, kMaxCopyGenerations) : 1;
      for (uint64_t g = 1; g <= gens && copy_deltas_.size() < kMaxCopyDeltas; ++g) {
        const int64_t dg = d * static_cast<int64_t>(g);
        if (std::find(copy_deltas_.begin(), copy_deltas_.end(), dg) == copy_deltas_.end()) copy_deltas_.push_back(dg);
      }
    }
  }
}

const Op* Explainer::OpById(uint32_t k) const {
  if (k == 0 || k > ops_.size()) return nullptr;
  return ops_[k - 1];
}

std::string Explainer::OpDesc(uint32_t k) const {
  const Op* op = OpById(k);
  if (!op) return "?";
  std::string d(Info(op->kind).name);
  if (Uses(op->kind, kArgBuf) && op->buf.kind == Buf::Kind::kSlot) d += "(buf=map)";
  return d;
}

std::string Explainer::Describe(Source s) const {
  if (s.src == kSrcZero) return "zeros";
  if (s.src == kSrcInit) return s.delta ? "initial data (moved)" : "initial data";
  if (s.src == kSrcAux) return "aux file data";
  if (s.src >= kSrcLiteralBase) return "adopted bytes";
  std::string d = "op #" + std::to_string(s.src) + "'s " + OpDesc(s.src) + " data";
  if (s.delta) d += " (moved by " + std::to_string(-s.delta) + " bytes)";
  for (const auto& [k, err] : failed_) {
    if (k == s.src) {
      const char* n = strerrorname_np(err);
      d += std::string(" (the op failed with ") + (n ? n : std::to_string(err).c_str()) + ")";
    }
  }
  return d;
}

void Explainer::NoteFailure(uint32_t k, int err) { failed_.push_back({k, err}); }

void Explainer::Remember(Source s) {
  if (s.src == kSrcZero || (s.src >= kSrcLiteralBase && s.src < kSrcInit)) return;  // literals explain nothing
  // A set beside the vector: every write of a long program is remembered (a linear search
  // made checking quadratic in the program's length).
  if (seen_.insert({s.src, s.delta}).second) history_.push_back(s);
}

std::string Explainer::Identify(const SourceMap& filler, uint64_t off, const uint8_t* data, size_t n,
                                uint32_t* op_id, Source* found) const {
  if (op_id) *op_id = 0;
  if (found) *found = Source{};
  const size_t probe = std::min<size_t>(n, 64);
  std::vector<uint8_t> exp(probe);
  auto matches = [&](Source s) {
    filler.Fill(s, off, probe, exp.data());
    return std::equal(exp.begin(), exp.end(), data);
  };
  if (matches(Source{})) return "zeros";
  std::vector<Source> tries = history_;
  tries.push_back(Source{kSrcInit, 0});
  // Only ops that put their own data in the file (a pattern any other op's id would give
  // matches short runs by chance, and naming an mmap as their source misleads).
  std::vector<uint32_t> writers;
  for (uint32_t k = 1; k <= ops_.size(); ++k) {
    const OpKind kind = ops_[k - 1]->kind;
    if (kind == OpKind::kWrite || kind == OpKind::kDWrite || kind == OpKind::kTouchWrite) writers.push_back(k);
  }
  for (uint32_t k : writers) tries.push_back(Source{k, 0});
  // Then every op's data moved by a copy seen so far (a read into a mapping of the file
  // moves whatever the file held at its source, which may be any op's data) or by a copy
  // the program makes (its source may have held bytes the model says were never there,
  // such as stores past EOF a kernel bug exposed).
  for (int64_t d : Deltas()) {
    tries.push_back(Source{kSrcInit, d});
    for (uint32_t k : writers) tries.push_back(Source{k, d});
  }
  for (const Source& s : tries) {
    if (matches(s)) {
      if (op_id && s.src <= ops_.size()) *op_id = s.src;
      if (found) *found = s;
      return Describe(s);
    }
  }
  return "unexplained bytes";
}

std::vector<int64_t> Explainer::Deltas() const {
  std::vector<int64_t> deltas = copy_deltas_;
  for (const Source& h : history_) {
    if (h.delta != 0 && std::find(deltas.begin(), deltas.end(), h.delta) == deltas.end()) deltas.push_back(h.delta);
  }
  return deltas;
}

std::string Hex(const uint8_t* data, size_t n) {
  static const char* d = "0123456789abcdef";
  std::string s;
  s.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    s.push_back(d[data[i] >> 4]);
    s.push_back(d[data[i] & 15]);
  }
  return s;
}

std::string HexOff(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace fsfuzz
