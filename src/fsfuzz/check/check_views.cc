// Quiescent checks: at rest, the size and every view of the file (buffered, O_DIRECT,
// each mapping) equal the model and each other; the EOF page's tail reads zero (or junk
// stored there since the size last changed); a page wholly past EOF takes SIGBUS.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <utility>
#include <memory>

#include "src/fsfuzz/check/checker_impl.h"
#include "src/fsfuzz/check/evidence.h"

namespace fsfuzz {

void Checker::Impl::CheckSize(std::optional<uint64_t> observed, uint32_t after_op) {
  if (!observed || *observed == model.size()) return;
  std::vector<uint32_t> ops;
  if (after_op) ops.push_back(after_op);
  std::string where = after_op ? "after op #" + std::to_string(after_op) + " (" + explain.OpDesc(after_op) + ")"
                               : "at the end of the program";
  AddFinding(FindingClass::kSizeMismatch, ops, "size mismatch",
             "st_size " + where + " is " + std::to_string(*observed) + "; the model says " +
                 std::to_string(model.size()) + ".",
             {{"size", *observed},
              {"expected", model.size()},
              {"check", {{"kind", "size"}, {"when", after_op ? "op" : "final"}, {"op_id", after_op},
                         {"allowed", {model.size()}}}}},
             after_op);
  if (stopped) return;
  // A known finding: go on from what was seen. When the file grew, what the exposed bytes
  // hold was not seen (zeros, or junk the kernel failed to zero): the check ends here.
  if (*observed > model.size()) {
    Signal("known-size-growth-ends-check");
    stopped = true;
    return;
  }
  model.SetSize(*observed);
}

bool Checker::Impl::IsPrivateBuf(const Op& op) const {
  return op.buf.kind == Buf::Kind::kSlot && op.buf.slot < slots.size() && slots[op.buf.slot] &&
         slots[op.buf.slot]->priv() && !slots[op.buf.slot]->aux();
}

uint64_t Checker::Impl::BufFileOff(const Op& op) const { return slots[op.buf.slot]->off + op.buf.off; }

void Checker::Impl::AcceptUnknownCow(int slot, uint64_t off, uint64_t len, const uint8_t* seen,
                                     uint8_t* expected) const {
  if (!model.CowUnknown(slot, off, len)) return;
  for (uint64_t p = off / kPageSize; p * kPageSize < off + len; ++p) {
    const uint64_t a = std::max(off, p * kPageSize), b = std::min(off + len, (p + 1) * kPageSize);
    if (model.CowUnknown(slot, a, b - a)) std::memcpy(expected + (a - off), seen + (a - off), b - a);
  }
}

std::string Checker::Impl::RacedStoreNote(uint64_t off, std::vector<uint32_t>& ops) const {
  for (const RacedStore& r : raced_stores) {
    if (off < r.pages.off || off >= r.pages.end()) continue;
    ops.push_back(r.store);
    ops.push_back(r.truncate);
    return " Op #" + std::to_string(r.store) + " (" + explain.OpDesc(r.store) + ") stored into this page while op #" +
           std::to_string(r.truncate) + " (" + explain.OpDesc(r.truncate) +
           ") truncated the file below it: a store through a mapping raced a truncate below it.";
  }
  return {};
}

uint64_t Checker::Impl::BadTail(uint64_t off, const uint8_t* data, size_t n, int private_slot) const {
  auto try_segs = [&](const std::vector<SourceMap::Seg>& segs, uint64_t o, uint8_t v) {
    for (const auto& g : segs) {
      if (o < g.off || o >= g.off + g.len) continue;
      uint8_t b;
      model.data().Fill(g.s, o, 1, &b);
      if (b == v) return true;
    }
    return false;
  };
  for (size_t i = 0; i < n; ++i) {
    const uint64_t o = off + i;
    if (data[i] == 0 || try_segs(model.junk(), o, data[i])) continue;
    if (private_slot >= 0 && model.CowUnknown(private_slot, o, 1)) continue;
    // A private copy of the EOF page keeps what the page held when it was copied (truncate
    // does not zero private memory), and junk stored through the private slot itself.
    if (private_slot >= 0 && model.IsCow(private_slot, o / kPageSize)) {
      const SourceMap* cow = model.CowDataIfAny(private_slot);
      if ((cow && try_segs(cow->Segments(o, 1), o, data[i])) || try_segs(model.junk_history(), o, data[i])) continue;
    }
    return o;
  }
  return UINT64_MAX;
}

nlohmann::json Checker::Impl::TailCheck(int slot, uint64_t off, uint64_t len) const {
  std::vector<SourceMap::Seg> segs = {{off, len, Source{}}};
  for (const auto& g : model.junk()) segs.push_back(g);
  auto j = BytesCheck("mapped", slot, off, len, segs, model.data());
  j["tail"] = true;
  return j;
}

namespace {

struct ViewResult {
  const Observation* ob;
  uint64_t off = 0, n = 0;            // compared range
  const uint8_t* bytes = nullptr;     // what the view read (its own, or the buffered view's: same_as)
  const uint8_t* expected = nullptr;  // model bytes of the range (own, or the file's); null when elided
  std::unique_ptr<uint8_t[]> own;     // a view's own expected bytes (aux, private)
  std::vector<Range> bad;             // mismatching runs (offsets relative to off)
  bool compared = false;              // bad is final (an elided chunk compared by digest)
};

}  // namespace

void Checker::Impl::CheckViews(const std::vector<Observation>& views, uint32_t at_op) {
  const uint64_t size = model.size();
  const uint64_t eof_end = RoundUp(size, kPageSize);
  std::vector<ViewResult> results;
  std::map<std::pair<uint64_t, uint64_t>, uint64_t> model_digests;  // (off, len) -> digest
  std::vector<uint32_t> ops;
  if (at_op) ops.push_back(at_op);
  // The model's bytes of the whole file, filled once: the buffered and O_DIRECT views and
  // every shared mapping of the file expect the same bytes at an offset (each view filled
  // its own copy before, the checker's largest cost with a 1 MiB file). No zero fill:
  // Expect writes every byte.
  // Filled chunk by chunk as views ask (the executor reads views in 1 MiB chunks too): a
  // large file's end views are mostly elided and compared by digest, and filling the
  // whole file for the few that kept their bytes was most of a 256 MiB run's time. Pages
  // never filled are never touched.
  constexpr uint64_t kExpectChunk = 1u << 20;
  std::unique_ptr<uint8_t[]> file_expected;
  std::vector<bool> filled;
  auto file_bytes = [&](uint64_t off, uint64_t len) -> const uint8_t* {
    if (!file_expected) {
      file_expected.reset(new uint8_t[std::max<uint64_t>(size, 1)]);
      filled.assign(size / kExpectChunk + 1, false);
    }
    for (uint64_t c = off / kExpectChunk; c * kExpectChunk < std::min(off + len, size); ++c) {
      if (filled[c]) continue;
      const uint64_t a = c * kExpectChunk, b = std::min(size, a + kExpectChunk);
      model.data().Expect(a, b - a, file_expected.get() + a);
      filled[c] = true;
    }
    return file_expected.get() + off;
  };
  for (const Observation& ob : views) {
    std::string vname = ViewName(ob.view);
    if (ob.view == View::kSlot) vname += " m" + std::to_string(ob.slot);
    if (ob.err != 0 && !(ob.view == View::kSlot && ob.sigbus)) {
      OpRecord r;
      r.ret = ob.ret;
      r.err = ob.err;
      if (HandleNoSpace(r)) return;
      if (ob.err == EIO && collision_suspect) {
        Signal("collision-eio-view");
        continue;
      }
      std::string detail = "the " + vname + " read of [" + HexOff(ob.off) + ", +" + std::to_string(ob.len) +
                           ") failed with errno " + std::to_string(ob.err) + ".";
      std::vector<uint32_t> who = ops;
      // The delayed allocation a write cut short by a fault left behind, met by the
      // O_DIRECT view (known finding write-efault-leaves-delalloc-dio-read-eio).
      if (ob.view == View::kDirect && ob.err == EIO) detail += CutShortNote(ob.off, ob.len, 0, &who);
      return AddFinding(FindingClass::kUnexpectedErrno, who, "unexpected error in a " + vname + " read", detail,
                        {{"errno", ob.err}}, at_op);
    }
    if (ob.view == View::kBuffered || ob.view == View::kDirect) {
      const uint64_t want = ob.off >= size ? 0 : std::min(ob.len, size - ob.off);
      if (static_cast<uint64_t>(ob.ret) != want) {
        return AddFinding(FindingClass::kSizeMismatch, ops, "size mismatch in a " + vname + " read",
                          "the " + vname + " read of [" + HexOff(ob.off) + ", +" + std::to_string(ob.len) +
                              ") returned " + std::to_string(ob.ret) + " bytes; the model's size " +
                              std::to_string(size) + " says " + std::to_string(want) + ".",
                          {{"ret", ob.ret}, {"expected", want}}, at_op);
      }
      ViewResult vr{&ob, ob.off, want, nullptr, nullptr, nullptr, {}};
      if (!ob.elided && want) {
        vr.bytes = ObservedBytes(views, ob);
        if (!vr.bytes) return Inconclusive("trace view lacks its data");
      }
      if (ob.elided) {
        // Only a digest to compare with (a large file's end views are elided chunk after
        // chunk): the model's bytes go to a buffer reused between chunks, never a copy of
        // the whole file, and the buffered and O_DIRECT views share one digest per range.
        auto [it, fresh] = model_digests.try_emplace({ob.off, want}, 0);
        if (fresh) {
          if (digest_buf.size() < want) digest_buf.resize(want);
          model.data().Expect(ob.off, want, digest_buf.data());
          it->second = Digest(digest_buf.data(), want);
        }
        if (it->second != ob.digest) vr.bad.push_back({0, want});
        vr.compared = true;
      } else if (want) {
        vr.expected = file_bytes(ob.off, want);
      }
      results.push_back(std::move(vr));
      continue;
    }
    // A mapping's view.
    if (!slots[ob.slot]) return Inconclusive("trace has a view of unmapped slot m" + std::to_string(ob.slot));
    const Mapping& m = *slots[ob.slot];
    const uint64_t fsize = m.aux() ? model.aux_size() : size;
    const uint64_t fend = RoundUp(fsize, kPageSize);
    const bool want_bus = ob.off + ob.len > fend;
    const uint64_t want_done = want_bus ? (ob.off >= fend ? 0 : fend - ob.off) : ob.len;
    const uint64_t done = static_cast<uint64_t>(std::max<int64_t>(ob.ret, 0));
    if (ob.sigbus != want_bus || done != want_done) {
      nlohmann::json ev = {{"view", vname}, {"file_offset", ob.off + done}, {"size", fsize}};
      if (ob.sigbus && ob.off + done < fend) {
        return AddFinding(FindingClass::kUnexpectedSigbus, ops, "unexpected SIGBUS in a mapped read",
                          "loading through m" + std::to_string(ob.slot) + " took SIGBUS at file offset " +
                              HexOff(ob.off + done) + ", below the end of the EOF page (" + HexOff(fend) +
                              ", size " + std::to_string(fsize) + ").",
                          ev, at_op);
      }
      std::string detail = "loading through m" + std::to_string(ob.slot) + " at file offset " +
                           HexOff(std::max(ob.off, fend)) + ", in a page wholly past EOF (size " +
                           std::to_string(fsize) + "), did not take SIGBUS.";
      if (!m.aux()) detail += RacedStoreNote(std::max(ob.off, fend), ops);
      return AddFinding(FindingClass::kMissingSigbus, ops, "missing SIGBUS in a mapped read", detail, ev, at_op);
    }
    const uint64_t in_file = ob.off >= fsize ? 0 : std::min(done, fsize - ob.off);
    if (ob.elided) {
      std::vector<uint8_t> exp(done, 0);
      model.ExpectSlot(ob.slot, m, ob.off, in_file, exp.data());
      if (Digest(exp.data(), exp.size()) != ob.digest) {
        return AddFinding(FindingClass::kDataMismatch, ops, "data mismatch (elided " + vname + " view)",
                          "the digest of the " + vname + " view of [" + HexOff(ob.off) + ", +" +
                              std::to_string(done) + ") differs from the model's; the bytes were elided.",
                          {}, at_op);
      }
      continue;
    }
    const uint8_t* bytes = ObservedBytes(views, ob);
    if (!bytes) return Inconclusive("trace view lacks its data");
    ViewResult vr{&ob, ob.off, in_file, bytes, nullptr, nullptr, {}};
    if (m.aux() || m.priv()) {
      // The aux file's model, or private pages (copies, unknown ones accepted as seen).
      vr.own.reset(new uint8_t[std::max<uint64_t>(in_file, 1)]);
      model.ExpectSlot(ob.slot, m, ob.off, in_file, vr.own.get());
      if (m.priv()) AcceptUnknownCow(ob.slot, ob.off, in_file, bytes, vr.own.get());
      vr.expected = vr.own.get();
    } else if (in_file) {
      vr.expected = file_bytes(ob.off, in_file);  // ExpectSlot of a shared mapping is the file's
    }
    if (!m.aux()) {
      uint64_t bad = BadTail(ob.off + in_file, bytes + in_file, done - in_file, m.priv() ? ob.slot : -1);
      if (bad != UINT64_MAX) {
        std::vector<uint8_t> zeros(done - in_file);
        next_check = TailCheck(ob.slot, ob.off + in_file, done - in_file);
        next_check["when"] = at_op ? "check" : "final";
        return DataMismatch(at_op, vname + " (past EOF)", ob.off + in_file, bytes + in_file, zeros.data(),
                            done - in_file, ops);
      }
    }
    results.push_back(std::move(vr));
  }
  (void)eof_end;

  // Views of the aux file are checked against the aux model alone.
  std::erase_if(results, [&](const ViewResult& vr) {
    const Observation& ob = *vr.ob;
    if (ob.view != View::kSlot || !slots[ob.slot] || !slots[ob.slot]->aux()) return false;
    if (ob.elided || std::equal(vr.expected, vr.expected + vr.n, vr.bytes)) return true;
    next_check = BytesCheck("mapped", ob.slot, vr.off, vr.n, model.SlotSources(ob.slot, *slots[ob.slot], vr.off, vr.n),
                            model.data());
    next_check["when"] = at_op ? "check" : "final";
    DataMismatch(at_op, "mapped aux m" + std::to_string(ob.slot), vr.off, vr.bytes, vr.expected, vr.n, ops);
    return true;
  });
  if (stopped) return;
  // Compare each view with the model; decide between stale views and wrong data.
  const ViewResult* first_bad = nullptr;
  for (ViewResult& vr : results) {
    if (vr.compared) {
      if (!vr.bad.empty() && !first_bad) first_bad = &vr;
      continue;
    }
    const Observation& ob = *vr.ob;
    if (ob.elided) {
      if (Digest(vr.expected, vr.n) != ob.digest) vr.bad.push_back({0, vr.n});
    } else {
      const uint8_t* seen = vr.bytes;
      size_t i = vr.n && std::memcmp(seen, vr.expected, vr.n) == 0 ? vr.n : 0;  // equal: no scan
      while (i < vr.n) {
        if (seen[i] == vr.expected[i]) {
          ++i;
          continue;
        }
        size_t j = i;
        while (j < vr.n && seen[j] != vr.expected[j]) ++j;
        vr.bad.push_back({i, j - i});
        i = j;
      }
    }
    if (!vr.bad.empty() && !first_bad) first_bad = &vr;
  }
  if (!first_bad) return;
  const Observation& ob = *first_bad->ob;
  const uint64_t bad_off = first_bad->off + first_bad->bad[0].off;
  // Another view that shows the model's bytes at the same offset makes this incoherence.
  const Observation* agreeing = nullptr;
  for (const ViewResult& vr : results) {
    if (&vr == first_bad || bad_off < vr.off || bad_off >= vr.off + vr.n) continue;
    // A private mapping's copied pages are not a view of the file.
    if (vr.ob->view == View::kSlot && slots[vr.ob->slot] && slots[vr.ob->slot]->priv()) continue;
    bool bad_here = false;
    for (const Range& b : vr.bad) bad_here |= bad_off >= vr.off + b.off && bad_off < vr.off + b.end();
    if (!bad_here) agreeing = vr.ob;
  }
  bool all_tainted = true;
  for (const ViewResult& vr : results) {
    for (const Range& b : vr.bad) {
      for (uint64_t k = b.off; k < b.end() && all_tainted; ++k) all_tainted = IsTainted(vr.off + k);
    }
  }
  std::string vname = ViewName(ob.view);
  if (ob.view == View::kSlot) vname += " m" + std::to_string(ob.slot);
  FindingClass cls = FindingClass::kDataMismatch;
  if (agreeing) {
    cls = FindingClass::kIncoherentViews;
    std::string other = ViewName(agreeing->view);
    if (agreeing->view == View::kSlot) other += " m" + std::to_string(agreeing->slot);
    vname += " (" + other + " agrees with the model)";
  }
  if (all_tainted) {
    Signal("collision-stale-view");
    if (collision_reported) return;
    holding = true;  // the collision if a sync reports EIO, else a silent mismatch
  }
  if (ob.elided) {
    AddFinding(cls, ops, "data mismatch (elided view)", "the digest of the " + vname + " view differs.", {}, at_op);
  } else {
    auto srcs = ob.view == View::kSlot ? model.SlotSources(ob.slot, *slots[ob.slot], first_bad->off, first_bad->n)
                                       : model.data().Segments(first_bad->off, first_bad->n);
    next_check = BytesCheck(ViewName(ob.view), ob.view == View::kSlot ? ob.slot : -1, first_bad->off, first_bad->n,
                            srcs, model.data());
    next_check["when"] = at_op ? "check" : "final";
    DataMismatch(at_op, vname, first_bad->off, first_bad->bytes, first_bad->expected, first_bad->n, ops, cls);
  }
  holding = false;
  if (stopped) return;
  // A known finding (or a held one): go on from what the buffered view showed.
  for (const ViewResult& vr : results) {
    if (vr.ob->view != View::kBuffered || vr.ob->elided || vr.bad.empty()) continue;
    std::vector<uint8_t> seen(vr.bytes, vr.bytes + vr.n);
    model.data().Assign(vr.off, vr.n, model.data().AddLiteral(vr.off, std::move(seen)));
  }
}

}  // namespace fsfuzz
