// What explains an O_DIRECT read's EIO (see checker_impl.h): each sentence names the ops
// of a known kernel finding, so the known-findings table can recognise it by the detail.
#include <algorithm>

#include "src/fsfuzz/check/checker_impl.h"

namespace fsfuzz {
namespace {

// The first entry whose range meets [off, off+len), skipping op `skip`; nullptr if none.
template <typename OpRange>
const OpRange* FirstOverlap(const std::vector<OpRange>& v, uint64_t off, uint64_t len, uint32_t skip = 0) {
  for (const OpRange& r : v) {
    if (r.id != skip && off < r.range.end() && r.range.off < off + len) return &r;
  }
  return nullptr;
}

}  // namespace

std::string Checker::Impl::CutShortNote(uint64_t off, uint64_t len, uint32_t skip, std::vector<uint32_t>* who) const {
  const OpRange* c = FirstOverlap(cut_short, off, len, skip);
  if (!c) return "";
  if (who) who->push_back(c->id);
  return " The read reaches [" + HexOff(c->range.off) + ", " + HexOff(c->range.end()) + "), which op #" +
         std::to_string(c->id) + " (" + explain.OpDesc(c->id) + ") did not write: it was cut short by a fault in its buffer.";
}

std::string Checker::Impl::DreadEioNotes(const Op& op, uint32_t id, std::vector<uint32_t>& ops) const {
  std::string notes = CutShortNote(op.off, op.len, id, nullptr);
  // ext4: into a mapping of the file, over a range a truncate cut and the file was extended
  // over again (docs/known-findings/ext4-dio-read-into-own-mapping-regrown-eio.c).
  // Into a heap buffer only beside such a read in the round (seen in C: 6 of 20 races).
  const size_t s = std::min(step, prog.steps.size() - 1);
  uint32_t beside = 0;
  if (op.buf.kind != Buf::Kind::kSlot) {
    for (size_t i = 0; prog.steps[s].round && i < prog.steps[s].ops.size(); ++i) {
      const Op& o = prog.steps[s].ops[i];
      if (o.kind == OpKind::kDRead && o.buf.kind == Buf::Kind::kSlot && FirstOverlap(regrown, o.off, o.len)) {
        beside = first_ids[s] + static_cast<uint32_t>(i);
      }
    }
  }
  if (const OpRange* g = op.buf.kind == Buf::Kind::kSlot || beside ? FirstOverlap(regrown, op.off, op.len) : nullptr) {
    notes += " The request reaches [" + HexOff(g->range.off) + ", " + HexOff(g->range.end()) +
             "), cut by a truncate, which op #" + std::to_string(g->id) + " (" + explain.OpDesc(g->id) +
             ") extended the file over again.";
    if (beside) {
      notes += " It ran beside op #" + std::to_string(beside) +
               " (dread(buf=map)), a read into a mapping of the file reaching such a range.";
      ops.push_back(beside);
    }
  }
  // ext4: beside a store through a mapping, over a punched range
  // (docs/known-findings/ext4-dio-read-punched-eio-racing-mapped-store.c).
  uint32_t store = 0;
  for (size_t i = 0; prog.steps[s].round && i < prog.steps[s].ops.size(); ++i) {
    if (prog.steps[s].ops[i].kind == OpKind::kTouchWrite) store = first_ids[s] + static_cast<uint32_t>(i);
  }
  if (const OpRange* g = store ? FirstOverlap(punched, op.off, op.len) : nullptr) {
    notes += " It ran beside op #" + std::to_string(store) + " (touch_write), a store through a mapping, and reaches [" +
             HexOff(std::max(op.off, g->range.off)) + ", " + HexOff(std::min(op.off + op.len, g->range.end())) +
             "), which op #" + std::to_string(g->id) + " (fallocate) punched.";
  }
  // xfs: a fallocate or an O_DIRECT write inside the delayed allocation a buffered write
  // reserved past EOF (speculative preallocation) splits it; write-back never converts the
  // part past EOF, and a read whose request crosses EOF hits it
  // (docs/known-findings/xfs-split-delalloc-past-eof-dio-read-eio.c): the last such op.
  uint32_t splitter = 0;
  for (uint32_t k = 1; k < id; ++k) {
    const OpKind kind = explain.OpById(k)->kind;
    if (kind == OpKind::kFallocate || kind == OpKind::kDWrite) splitter = k;
  }
  if (splitter && op.off + op.len > model.size()) {
    notes += " The request reaches past EOF (size " + std::to_string(model.size()) + ") after op #" +
             std::to_string(splitter) + " (" + explain.OpDesc(splitter) + ").";
  }
  return notes;
}

}  // namespace fsfuzz
