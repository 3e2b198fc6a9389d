// Checker driver: feeds steps to the sequential and concurrent rules, builds findings.
#include "src/fsfuzz/check/checker.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include "src/fsfuzz/check/checker_impl.h"

namespace fsfuzz {

Checker::Impl::Impl(const Program& p, const Env& e, KnownFn k)
    : known(std::move(k)), prog(p), env(e), model(p.header), explain(prog), first_ids(FirstOpIds(prog)) {}

bool Checker::Impl::OnStep(size_t index, const StepRecord& rec) {
  if (stopped) return false;
  if (index >= prog.steps.size()) {
    Inconclusive("trace has more steps than the program");
    return false;
  }
  step = index;
  const Step& st = prog.steps[index];
  const uint32_t first = first_ids[index];
  if (rec.ops.size() != st.ops.size()) {
    Inconclusive("trace step " + std::to_string(index) + " has " + std::to_string(rec.ops.size()) +
                 " op records for " + std::to_string(st.ops.size()) + " ops");
    return false;
  }
  NoteCutShort(st, first, rec);
  const uint64_t size_before = model.size();
  if (st.round) NoteRoundRegrown(st, first, rec, size_before);
  if (st.round || NeedsSettle(st.ops[0], slots)) {
    Concurrent(st, first, rec);
  } else {
    Sequential(st.ops[0], first, rec.ops[0]);
    if (!stopped) CheckSize(rec.size, first);
  }
  NoteRegrown(st, first, size_before);
  if (!stopped && !rec.views.empty()) CheckViews(rec.views, first + static_cast<uint32_t>(st.ops.size()) - 1);
  return !stopped;
}

void Checker::Impl::OnFinal(const Trace& t) {
  if (stopped) return;
  step = prog.steps.size();
  if (t.complete) {
    CheckSize(t.final_size, 0);
    if (!stopped) CheckViews(t.final_views, 0);
  }
  if (!stopped && t.drain) CheckSyncResult(0, *t.drain, "the end-of-program fsync");
  ReleaseHeld();
}

void Checker::Impl::NoteAfterKnown(Finding& f) const {
  // After a known data finding the model went on from what one view showed, while the
  // kernel's page cache and disk may still disagree: what follows is not evidence of its
  // own until it reproduces alone (ext4/xfs stress, 2026-12-06: a copy from the range of
  // a known stale cache "found" the cache's bytes where the model had adopted the disk's).
  for (const Finding& e : verdict.findings) {
    if (!e.evidence.is_object() || !e.evidence.contains("known") || !e.evidence["known"].is_string()) continue;
    const std::string id = e.evidence["known"].get<std::string>();
    f.evidence["after_known"] = id;
    f.title += " [after known: " + id + "]";
    f.detail += "It follows known finding " + id + " earlier in this program (whose kernel state the model " +
                "cannot follow exactly): minimize it to see whether it stands alone.\n";
    return;
  }
}

void Checker::Impl::ReleaseHeld() {
  std::vector<Finding> h = std::move(held);
  held.clear();
  for (Finding& f : h) {
    f.title = "silent " + f.title;
    f.detail += "A DIO write raced mapped access to these pages, but no sync reported EIO: the page cache "
                "kept stale data silently.\n";
    const bool is_known = known && known(f);
    // Held until the end of the program, so known findings found meanwhile came first.
    if (!is_known) NoteAfterKnown(f);
    verdict.findings.push_back(std::move(f));
    verdict.status = Verdict::Status::kFinding;
    if (!is_known) stopped = true;
  }
}

bool Checker::Impl::IsTainted(uint64_t off) const {
  for (const Range& r : tainted) {
    if (off >= r.off && off < r.end()) return true;
  }
  return false;
}

bool Checker::Impl::HandleNoSpace(const OpRecord& rec) {
  if (rec.ret < 0 && (rec.err == ENOSPC || rec.err == EDQUOT)) {
    Signal("enospc");
    Inconclusive("op #" + std::to_string(rec.id) + " failed with " + strerrorname_np(rec.err) +
                 ": the filesystem is full, the run cannot conclude");
    return true;
  }
  return false;
}

namespace {
std::string ErrName(int err) {
  const char* n = strerrorname_np(err);
  return n ? n : "errno " + std::to_string(err);
}
}  // namespace

void Checker::Impl::NoteCutShort(const Step& st, uint32_t first, const StepRecord& rec) {
  for (size_t i = 0; i < st.ops.size(); ++i) {
    const Op& op = st.ops[i];
    const OpRecord& r = rec.ops[i];
    if ((op.kind != OpKind::kWrite && op.kind != OpKind::kDWrite) || op.buf.kind != Buf::Kind::kSlot) continue;
    const bool efault = r.ret < 0 && r.err == EFAULT;
    if (!efault && !(r.ret >= 0 && static_cast<uint64_t>(r.ret) < op.len)) continue;
    const uint64_t done = efault ? 0 : static_cast<uint64_t>(r.ret);
    cut_short.push_back({first + static_cast<uint32_t>(i), {op.off + done, op.len - done}});
  }
}

void Checker::Impl::NoteMisalignedEinval(const Op& op, uint32_t id) {
  if (op.buf.kind != Buf::Kind::kSlot) failed_writes.push_back({id, EINVAL, {{op.off, op.len, Source{id, 0}}}, false, {}});
  Signal("misaligned-dio-einval");
}

void Checker::Impl::NoteRegrown(const Step& st, uint32_t first, uint64_t size_before) {
  const uint64_t after = model.size();
  if (after < size_before) {
    // Kept disjoint and sorted: fsx-style programs shrink and grow the file all the time.
    Range r{after, size_before - after};
    std::vector<Range> merged;
    for (const Range& c : cut) {
      if (c.end() < r.off || r.end() < c.off) {
        merged.push_back(c);
      } else {
        const uint64_t lo = std::min(c.off, r.off), hi = std::max(c.end(), r.end());
        r = {lo, hi - lo};
      }
    }
    merged.push_back(r);
    std::sort(merged.begin(), merged.end(), [](const Range& x, const Range& y) { return x.off < y.off; });
    cut = std::move(merged);
  } else if (after > size_before) {
    // The last op of the step that can grow the file names it (a round: any of them).
    uint32_t who = first;
    for (size_t i = 0; i < st.ops.size(); ++i) {
      const OpKind k = st.ops[i].kind;
      if (k == OpKind::kTruncate || k == OpKind::kWrite || k == OpKind::kDWrite || k == OpKind::kFallocate) {
        who = first + static_cast<uint32_t>(i);
      }
    }
    // What is regrown is no longer cut (a later shrink cuts it again).
    std::vector<Range> rest;
    for (const Range& c : cut) {
      const uint64_t a = std::max(c.off, size_before), b = std::min(c.end(), after);
      if (a >= b) {
        rest.push_back(c);
        continue;
      }
      regrown.push_back({who, {a, b - a}});
      if (c.off < a) rest.push_back({c.off, a - c.off});
      if (b < c.end()) rest.push_back({b, c.end() - b});
    }
    cut = std::move(rest);
    // Only recent ones name anything: bound the list.
    if (regrown.size() > 256) regrown.erase(regrown.begin(), regrown.begin() + static_cast<std::ptrdiff_t>(regrown.size() - 256));
  }
}

void Checker::Impl::NoteRoundRegrown(const Step& st, uint32_t first, const StepRecord& rec, uint64_t size_before) {
  // A round's ops run in any order: a truncate of the round may cut the file below where it
  // was, and another op of the round grow it over that again while the round's reads run
  // (or the round may grow what earlier steps cut). What may be regrown is noted before the
  // round is checked, so an O_DIRECT read's EIO in it can be named.
  uint64_t low = size_before;
  for (size_t i = 0; i < st.ops.size(); ++i) {
    if (st.ops[i].kind == OpKind::kTruncate && rec.ops[i].ret == 0) low = std::min(low, st.ops[i].size);
  }
  for (size_t i = 0; i < st.ops.size(); ++i) {
    const Op& op = st.ops[i];
    const OpRecord& r = rec.ops[i];
    uint64_t end = 0;
    if (op.kind == OpKind::kTruncate && r.ret == 0) end = op.size;
    if ((op.kind == OpKind::kWrite || op.kind == OpKind::kDWrite) && r.ret > 0) end = op.off + static_cast<uint64_t>(r.ret);
    if (end <= low) continue;
    const uint32_t who = first + static_cast<uint32_t>(i);
    // Cut in this round (from `low` up to the size before it), or by earlier steps.
    std::vector<Range> may = cut;
    if (low < size_before) may.push_back({low, size_before - low});
    for (const Range& c : may) {
      const uint64_t a = std::max(c.off, low), b = std::min(c.end(), end);
      if (a < b) regrown.push_back({who, {a, b - a}});
    }
  }
  if (regrown.size() > 256) regrown.erase(regrown.begin(), regrown.begin() + static_cast<std::ptrdiff_t>(regrown.size() - 256));
}

void Checker::Impl::UnexpectedErrno(uint32_t id, const OpRecord& rec, const std::string& expected,
                                    const std::string& note, const std::vector<uint32_t>& also_ops) {
  std::string got = rec.ret < 0 ? ErrName(rec.err) : "result " + std::to_string(rec.ret);
  std::string detail = "op #" + std::to_string(id) + " (" + explain.OpDesc(id) + ") returned " +
                       (rec.ret < 0 ? "-1, errno " + got : std::to_string(rec.ret)) + "; expected " + expected + ".";
  const Op* op = explain.OpById(id);
  std::vector<uint32_t> ops = {id};
  if (op && op->kind == OpKind::kDRead && rec.ret < 0 && rec.err == EIO) detail += DreadEioNotes(*op, id, ops);
  nlohmann::json ev = {{"ret", rec.ret}, {"errno", rec.err ? ErrName(rec.err) : ""}, {"expected", expected}};
  ev["check"] = {{"kind", "ret"}, {"when", "op"}, {"op_id", id}, {"step", static_cast<int64_t>(step)},
                 {"expected", expected}, {"observed_ret", rec.ret}, {"observed_errno", rec.err ? ErrName(rec.err) : ""}};
  detail += note;
  ops.insert(ops.end(), also_ops.begin(), also_ops.end());
  AddFinding(FindingClass::kUnexpectedErrno, ops, "unexpected " + got, detail, ev, id);
}

void Checker::Impl::CheckSyncResult(uint32_t id, const OpRecord& rec, const char* what) {
  if (rec.skipped || HandleNoSpace(rec)) return;
  if (rec.ret == 0) return;
  if (rec.ret < 0 && rec.err == EIO && collision_suspect) {
    Signal("collision-eio");
    nlohmann::json stale = nlohmann::json::array();
    for (const Finding& h : held) stale.push_back(h.detail);
    held.clear();  // the kernel owned up to the stale data
    if (!collision_reported) {
      std::string detail = std::string("EIO from ") + what +
                           ": an O_DIRECT write earlier in this program raced stores or pins through a "
                           "mapping of its range; the page cache could not be invalidated after the "
                           "direct write (the kernel's \"Page cache invalidation failure on direct I/O\") "
                           "and reports it as a write-back error.";
      std::vector<uint32_t> ops;
      AddFinding(FindingClass::kDioCollision, ops, "EIO from " + std::string(id ? explain.OpDesc(id) : "fsync"),
                 detail,
                 {{"errno", "EIO"},
                  {"sync", what},
                  {"stale_data", stale},
                  {"check", {{"kind", "sync-eio"}, {"op_id", id}, {"when", id ? "op" : "drain"}}}},
                 id);
    }
    return;
  }
  UnexpectedErrno(id, rec, "0");
}

void Checker::Impl::AddFinding(FindingClass cls, std::vector<uint32_t> ops, std::string what,
                               std::string detail, nlohmann::json evidence, uint32_t at_op) {
  Finding f;
  f.cls = cls;
  // A testbed's variant ("ext4-dioread_nolock") says more than the type; --dir says less.
  f.fs = env.variant.empty() || env.variant == "dir" ? env.fs : env.variant;
  if (cls == FindingClass::kDioCollision) {
    for (uint32_t k : collision_ops) ops.push_back(k);
  }
  std::vector<std::string> kinds;
  std::set<uint32_t> seen;
  for (uint32_t k : ops) {
    if (k == 0 || !seen.insert(k).second) continue;
    std::string d = explain.OpDesc(k);
    if (std::find(kinds.begin(), kinds.end(), d) == kinds.end()) kinds.push_back(d);
  }
  f.op_kinds = kinds;
  std::string involved;
  for (size_t i = 0; i < kinds.size(); ++i) involved += (i ? " vs " : "") + kinds[i];
  const char* head = cls == FindingClass::kDioCollision ? "DIO collision: " : "";
  f.title = head + what + (involved.empty() ? "" : " in " + involved) + " on " + f.fs;
  f.step = static_cast<int64_t>(step);
  f.op_id = at_op;
  f.detail = std::move(detail);
  f.evidence = std::move(evidence);
  f.evidence["ops"] = ops;
  if (holding) {
    held.push_back(std::move(f));
    return;
  }
  const bool is_known = cls != FindingClass::kDioCollision && known && known(f);
  if (!is_known && cls != FindingClass::kDioCollision) NoteAfterKnown(f);
  if (is_known) {
    // Known kernel behaviour: reported, then the check goes on from what was seen.
    verdict.findings.push_back(std::move(f));
    verdict.status = Verdict::Status::kFinding;
    Signal("known-finding");
    return;
  }
  verdict.findings.push_back(std::move(f));
  verdict.status = Verdict::Status::kFinding;
  if (cls == FindingClass::kDioCollision) {
    collision_reported = true;  // documented kernel behaviour: keep checking the rest
  } else {
    stopped = true;
  }
}

void Checker::Impl::Inconclusive(const std::string& why) {
  if (verdict.status != Verdict::Status::kFinding) verdict.status = Verdict::Status::kInconclusive;
  if (verdict.inconclusive_reason.empty()) verdict.inconclusive_reason = why;
  stopped = true;
}

void Checker::Impl::DataMismatch(uint32_t observer, const std::string& view, uint64_t off, const uint8_t* data,
                                 const uint8_t* expected, size_t n, std::vector<uint32_t> ops_involved,
                                 FindingClass cls, const std::vector<Range>& bad) {
  nlohmann::json jruns = nlohmann::json::array();
  std::string detail;
  if (observer) {
    detail = "op #" + std::to_string(observer) + " (" + explain.OpDesc(observer) + ")";
  } else if (step < prog.steps.size()) {
    detail = "the read-back after step " + std::to_string(step);
  } else {
    detail = "the end-of-program check";
  }
  detail += " read " + view + " [" + HexOff(off) + ", " + HexOff(off + n) + "):\n";
  std::vector<Range> runs = bad;
  if (runs.empty()) {
    size_t i = 0;
    while (i < n) {
      if (data[i] == expected[i]) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < n && data[j] != expected[j]) ++j;
      runs.push_back({i, j - i});
      i = j;
    }
  }
  // Runs split by bytes that match by chance (1 in 256) read better merged.
  std::vector<Range> merged;
  for (const Range& r : runs) {
    if (!merged.empty() && r.off <= merged.back().end() + 8) {
      merged.back().len = r.end() - merged.back().off;
    } else {
      merged.push_back(r);
    }
  }
  int shown = 0;
  for (const Range& r : merged) {
    if (shown >= 4) break;
    const size_t i = r.off, j = r.end();
    uint32_t found_op = 0, due_op = 0;
    Source found_src;
    // Stores past EOF first, where they were made or moved by a copy since: a kernel that
    // exposes them is a known finding on several filesystems, and a short run (one byte)
    // would match some other op's pattern by chance.
    std::string found = JunkPastEof(off + i, data + i, j - i, &found_op, &found_src);
    if (found.empty()) {
      found = explain.Identify(model.data(), off + i, data + i, j - i, &found_op, &found_src);
      for (const auto& g : model.junk_history()) {
        // Where the found bytes were first written: a store past EOF (possibly copied since).
        const int64_t origin = static_cast<int64_t>(off + i) + found_src.delta - g.s.delta;
        if (found_src.src != kSrcZero && g.s.src == found_src.src && origin >= static_cast<int64_t>(g.off) &&
            origin < static_cast<int64_t>(g.off + g.len)) {
          found += " stored past EOF";
          break;
        }
      }
    }
    std::string due = explain.Identify(model.data(), off + i, expected + i, j - i, &due_op);
    if (found_op) ops_involved.push_back(found_op);
    if (due_op) ops_involved.push_back(due_op);
    detail += "  bytes " + HexOff(off + i) + "-" + HexOff(off + j - 1) + " hold " + found + "; " + due +
              " was due\n";
    size_t show = std::min<size_t>(j - i, 32);
    jruns.push_back({{"off", off + i},
                    {"len", j - i},
                    {"found", found},
                    {"due", due},
                    {"observed_hex", Hex(data + i, show)},
                    {"expected_hex", Hex(expected + i, show)}});
    ++shown;
  }
  if (merged.size() > 4) detail += "  ... " + std::to_string(merged.size() - 4) + " more ranges\n";
  NoteFailedWrites(off, data, expected, merged, detail, ops_involved);
  // Bad bytes all in pages a store raced a truncate below (RacedStore): the store may have
  // landed in a page the truncate left mapped past EOF, and an extension shows it.
  if (!raced_stores.empty() && !merged.empty()) {
    std::vector<const RacedStore*> who;
    bool all = true;
    for (const Range& r : merged) {
      const RacedStore* hit = nullptr;
      for (const RacedStore& rs : raced_stores) {
        if (off + r.off >= rs.pages.off && off + r.end() <= rs.pages.end()) hit = &rs;
      }
      if (!hit) {
        all = false;
        break;
      }
      if (std::find(who.begin(), who.end(), hit) == who.end()) who.push_back(hit);
    }
    for (const RacedStore* rs : all ? who : std::vector<const RacedStore*>{}) {
      detail += "  they lie in a page op #" + std::to_string(rs->store) + " (" + explain.OpDesc(rs->store) +
                ") stored into while op #" + std::to_string(rs->truncate) + " (" + explain.OpDesc(rs->truncate) +
                ") truncated the file below it: a store through a mapping raced a truncate below it\n";
      ops_involved.push_back(rs->store);
      ops_involved.push_back(rs->truncate);
    }
  }
  NoteDioExtension(off, merged, detail, ops_involved);
  if (observer) ops_involved.insert(ops_involved.begin(), observer);
  std::string what = cls == FindingClass::kIncoherentViews ? "incoherent views" : "data mismatch";
  if (cls == FindingClass::kDioCollision) what = "stale data";
  nlohmann::json ev = {{"view", view}, {"runs", jruns}};
  if (!next_check.is_null()) {
    next_check["step"] = step < prog.steps.size() ? static_cast<int64_t>(step) : -1;
    next_check["op_id"] = observer;
    ev["check"] = std::move(next_check);
  }
  next_check = nullptr;
  AddFinding(cls, ops_involved, what, detail, ev, observer);
}

void Checker::Impl::NoteDioExtension(uint64_t off, const std::vector<Range>& runs, std::string& detail,
                                     std::vector<uint32_t>& ops) const {
  if (dio_extensions.empty() || runs.empty() || env.block_size == 0 || env.block_size >= kPageSize) return;
  // Bad bytes all past EOF as it was before an O_DIRECT write extended the file, in the
  // page that held that EOF: a mapping already writable there stores without a new write
  // fault, so blocks of the page past the old EOF get no space prepared for them.
  const DioExtension* hit = nullptr;
  for (const DioExtension& x : dio_extensions) {
    const uint64_t page_end = RoundUp(x.from, kPageSize);
    bool all = true;
    for (const Range& r : runs) all = all && off + r.off >= x.from && off + r.end() <= page_end;
    if (all) hit = &x;
  }
  if (!hit) return;
  detail += "  they lie past EOF as it was (size " + std::to_string(hit->from) + ") before op #" +
            std::to_string(hit->id) + " (" + explain.OpDesc(hit->id) +
            ") extended the file, in the page that held that EOF; blocks (" + std::to_string(env.block_size) +
            " bytes) are smaller than a page: a store through a mapping after an O_DIRECT extension\n";
  ops.push_back(hit->id);
}

void Checker::Impl::NoteFailedWrites(uint64_t off, const uint8_t* data, const uint8_t* expected,
                                     const std::vector<Range>& runs, std::string& detail,
                                     std::vector<uint32_t>& ops) const {
  if (failed_writes.empty() || runs.empty()) return;
  if (NoteStaleCacheOverFailedWrite(off, data, expected, runs, detail, ops)) return;
  // Each bad byte is either side of one failed write's stale cache: its data where the
  // model has the old bytes (the disk shows through), or the old bytes where the model
  // adopted its data (the cache shows through). A run may hold both once part of the
  // range was read back each way (ext4 sweep 2026-12-07: the failed write's first page
  // read back by an O_DIRECT read, its third by a buffered read, then that page dropped).
  std::vector<uint32_t> who, stale_side;
  std::vector<uint8_t> would, before;
  std::vector<bool> have_before;
  // Failed writes that put bytes there themselves first, then their data as copies moved
  // it: zeros (or any bytes two ops share) name the write that left them on disk, not an
  // earlier failed write whose same bytes a copy could have carried there (ext4 and xfs
  // stress 2026-12-07: a failed dwrite(buf=map) left zeros, a failed write was named).
  std::vector<const FailedWrite*> order;
  for (const bool moved : {false, true}) {
    for (const FailedWrite& fw : failed_writes) {
      if (fw.moved == moved) order.push_back(&fw);
    }
  }
  for (const Range& r : runs) {
    const uint64_t lo = off + r.off, hi = off + r.end();
    std::vector<bool> hit(r.len, false);
    // A merged run may hold bytes that match by chance: they need no explaining.
    for (uint64_t o = lo; o < hi; ++o) hit[o - lo] = data[o - off] == expected[o - off];
    for (const FailedWrite* fwp : order) {
      const FailedWrite& fw = *fwp;
      // `would` may hold alternatives (overlapping segments: the copy's possible outputs).
      FillSegs(fw.before, lo, hi, before, have_before);
      bool used = false, old_side = false;
      for (const SourceMap::Seg& g : fw.would) {
        const uint64_t a = std::max(lo, g.off), b = std::min(hi, g.off + g.len);
        if (a >= b) continue;
        would.resize(b - a);
        if (!fw.unknown) model.data().Fill(g.s, a, b - a, would.data());
        for (uint64_t o = a; o < b; ++o) {
          const size_t i = o - lo;
          if (hit[i]) continue;
          if (fw.unknown || would[o - a] == data[o - off]) {
            hit[i] = used = true;
          } else if (have_before[i] && before[i] == data[o - off] && would[o - a] == expected[o - off]) {
            hit[i] = used = old_side = true;
          }
        }
      }
      if (used && std::find(who.begin(), who.end(), fw.id) == who.end()) who.push_back(fw.id);
      if (old_side && std::find(stale_side.begin(), stale_side.end(), fw.id) == stale_side.end()) {
        stale_side.push_back(fw.id);
      }
    }
    if (std::find(hit.begin(), hit.end(), false) != hit.end()) return;  // not (all) a failed write's data
  }
  for (uint32_t id : who) {
    const FailedWrite& fw = *std::find_if(failed_writes.begin(), failed_writes.end(),
                                          [&](const FailedWrite& w) { return w.id == id; });
    const char* e = strerrorname_np(fw.err);
    const bool both = std::find(stale_side.begin(), stale_side.end(), id) != stale_side.end();
    detail += std::string(fw.unknown ? "  they lie where op #" : "  they hold what op #") + std::to_string(id) + " (" +
              explain.OpDesc(id) +
              (fw.unknown ? ") may have written bytes of unknown private pages: it "
                          : both ? ") would have written where the old bytes were due, and the old bytes where its "
                                   "bytes were due (read back from disk since): it "
                                 : ") would have written: it ") +
              "failed with " + (e ? e : "an error") + " after writing part of its range to disk" +
              (both ? " and the page cache kept the old bytes over part of it\n" : "\n");
    ops.push_back(id);
  }
}

void Checker::Impl::FillSegs(const std::vector<SourceMap::Seg>& segs, uint64_t lo, uint64_t hi,
                             std::vector<uint8_t>& out, std::vector<bool>& have) const {
  out.resize(hi - lo);
  have.assign(hi - lo, false);
  for (const SourceMap::Seg& g : segs) {
    const uint64_t a = std::max(lo, g.off), b = std::min(hi, g.off + g.len);
    if (a >= b) continue;
    model.data().Fill(g.s, a, b - a, out.data() + (a - lo));
    std::fill(have.begin() + static_cast<ptrdiff_t>(a - lo), have.begin() + static_cast<ptrdiff_t>(b - lo), true);
  }
}

std::string Checker::Impl::JunkPastEof(uint64_t pos, const uint8_t* data, size_t n, uint32_t* op_id,
                                       Source* found) const {
  const size_t probe = std::min<size_t>(n, 64);
  std::vector<uint8_t> exp(probe);
  std::vector<int64_t> deltas = explain.Deltas();
  deltas.insert(deltas.begin(), 0);
  for (const SourceMap::Seg& g : model.junk_history()) {
    if (g.s.src == kSrcZero) continue;
    for (int64_t d : deltas) {
      // The whole run must come from the junk store's range, shifted by d.
      const int64_t from = static_cast<int64_t>(pos) + d;
      if (from < static_cast<int64_t>(g.off) || from + static_cast<int64_t>(n) > static_cast<int64_t>(g.off + g.len)) {
        continue;
      }
      const Source s{g.s.src, g.s.delta + d};
      model.data().Fill(s, pos, probe, exp.data());
      if (!std::equal(exp.begin(), exp.end(), data)) continue;
      if (op_id) *op_id = s.src < kSrcLiteralBase ? s.src : 0;
      if (found) *found = s;
      return explain.Describe(s) + " stored past EOF";
    }
  }
  return "";
}

bool Checker::Impl::NoteStaleCacheOverFailedWrite(uint64_t off, const uint8_t* data, const uint8_t* expected,
                                                  const std::vector<Range>& runs, std::string& detail,
                                                  std::vector<uint32_t>& ops) const {
  // The other side of the same stale cache: the failed write's bytes were read back from
  // disk (the model adopted them), and now a view of the page cache shows what its range
  // held before it. Every bad byte must be both: due the write's byte, found the old one.
  std::vector<uint8_t> would, before;
  for (const FailedWrite& fw : failed_writes) {
    if (fw.unknown || fw.before.empty()) continue;
    bool all = true;
    for (const Range& r : runs) {
      std::vector<bool> hit(r.len, false);
      for (const SourceMap::Seg& w : fw.would) {
        for (const SourceMap::Seg& b : fw.before) {
          const uint64_t a = std::max({off + r.off, w.off, b.off});
          const uint64_t e = std::min({off + r.end(), w.off + w.len, b.off + b.len});
          if (a >= e) continue;
          would.resize(e - a);
          before.resize(e - a);
          model.data().Fill(w.s, a, e - a, would.data());
          model.data().Fill(b.s, a, e - a, before.data());
          for (uint64_t o = a; o < e; ++o) {
            if (would[o - a] == expected[o - off] && before[o - a] == data[o - off]) hit[o - off - r.off] = true;
          }
        }
      }
      if (std::find(hit.begin(), hit.end(), false) != hit.end()) {
        all = false;
        break;
      }
    }
    if (!all) continue;
    const char* e = strerrorname_np(fw.err);
    detail += "  they hold what was there before op #" + std::to_string(fw.id) + " (" + explain.OpDesc(fw.id) +
              "), whose bytes were due (read back from disk since): it failed with " + (e ? e : "an error") +
              " after writing part of its range to disk and the page cache kept the old bytes\n";
    ops.push_back(fw.id);
    return true;
  }
  return false;
}

Checker::Checker(const Program& program, const Env& env, KnownFn known)
    : impl_(std::make_unique<Impl>(program, env, std::move(known))) {}
Checker::~Checker() = default;
bool Checker::OnStep(size_t index, const StepRecord& rec) { return impl_->OnStep(index, rec); }
void Checker::OnFinal(const Trace& trace) { impl_->OnFinal(trace); }
const Verdict& Checker::verdict() const { return impl_->verdict; }

Verdict Check(const Program& program, const Trace& trace, KnownFn known) {
  Checker c(program, trace.env, std::move(known));
  for (size_t i = 0; i < trace.steps.size(); ++i) {
    if (!c.OnStep(i, trace.steps[i])) break;
  }
  c.OnFinal(trace);
  return c.verdict();
}

}  // namespace fsfuzz
