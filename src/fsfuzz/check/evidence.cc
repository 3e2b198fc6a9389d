// Finding check evidence (see evidence.h).
#include "src/fsfuzz/check/evidence.h"

#include <algorithm>

#include "src/fsfuzz/check/explain.h"
#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz {
namespace {

nlohmann::json SegJson(const SourceMap::Seg& g, uint64_t off, uint64_t len, const SourceMap& filler, bool pre) {
  const uint64_t a = std::max(g.off, off), b = std::min(g.off + g.len, off + len);
  nlohmann::json j = {{"off", a}, {"len", b - a}};
  if (g.s.src >= kSrcLiteralBase && g.s.src < kSrcInit) {
    // Bytes the checker adopted verbatim: carried as they are.
    std::vector<uint8_t> bytes(b - a);
    filler.Fill(g.s, a, b - a, bytes.data());
    j["hex"] = Hex(bytes.data(), bytes.size());
  } else {
    j["src"] = g.s.src;
    j["delta"] = g.s.delta;
  }
  if (pre) j["pre"] = true;
  return j;
}

nlohmann::json Base(const std::string& view, int slot, uint64_t off, uint64_t len) {
  nlohmann::json j = {{"kind", "bytes"}, {"view", view}, {"off", off}, {"len", len}};
  if (slot >= 0) j["slot"] = slot;
  return j;
}

}  // namespace

nlohmann::json BytesCheck(const std::string& view, int slot, uint64_t off, uint64_t len,
                          const std::vector<SourceMap::Seg>& exact, const SourceMap& filler) {
  nlohmann::json j = Base(view, slot, off, len);
  nlohmann::json c = nlohmann::json::array();
  for (const auto& g : exact) {
    if (g.off + g.len > off && g.off < off + len) c.push_back(SegJson(g, off, len, filler, false));
  }
  j["candidates"] = c;
  j["definite"] = nlohmann::json::array();
  return j;
}

nlohmann::json BytesCheck(const std::string& view, int slot, uint64_t off, uint64_t len, const CandidateSet& cands,
                          bool use_definite, const SourceMap& filler) {
  nlohmann::json j = Base(view, slot, off, len);
  nlohmann::json c = nlohmann::json::array();
  for (size_t i = 0; i < cands.size(); ++i) {
    const Candidate& cd = cands.at(static_cast<int32_t>(i));
    if (cd.seg.off + cd.seg.len <= off || cd.seg.off >= off + len) continue;
    if (cd.kind == Candidate::Kind::kAny) {
      c.push_back({{"off", std::max(cd.seg.off, off)}, {"len", std::min(cd.seg.off + cd.seg.len, off + len) - std::max(cd.seg.off, off)}, {"any", true}});
      continue;
    }
    c.push_back(SegJson(cd.seg, off, len, filler, cd.kind == Candidate::Kind::kPre));
  }
  j["candidates"] = c;
  nlohmann::json d = nlohmann::json::array();
  if (use_definite) {
    for (const Range& r : cands.definite()) {
      if (r.end() > off && r.off < off + len) d.push_back({{"off", r.off}, {"len", r.len}});
    }
  }
  j["definite"] = d;
  return j;
}

}  // namespace fsfuzz
