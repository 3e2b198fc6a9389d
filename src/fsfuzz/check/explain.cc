// Explainer (see explain.h).
#include "src/fsfuzz/check/explain.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {

Explainer::Explainer(const Program& p) {
  for (const Step& s : p.steps) {
    for (const Op& op : s.ops) ops_.push_back(&op);
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
  if (std::find(history_.begin(), history_.end(), s) == history_.end()) history_.push_back(s);
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
  for (uint32_t k = 1; k <= ops_.size(); ++k) tries.push_back(Source{k, 0});
  // Then every op's data moved by a copy seen so far (a read into a mapping of the file
  // moves whatever the file held at its source, which may be any op's data).
  std::vector<int64_t> deltas;
  for (const Source& h : history_) {
    if (h.delta != 0 && std::find(deltas.begin(), deltas.end(), h.delta) == deltas.end()) deltas.push_back(h.delta);
  }
  for (int64_t d : deltas) {
    tries.push_back(Source{kSrcInit, d});
    for (uint32_t k = 1; k <= ops_.size(); ++k) tries.push_back(Source{k, d});
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
