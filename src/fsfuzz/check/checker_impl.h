// Internal state of the Checker, shared by its parts: sequential ops (check_seq.cc),
// rounds and settled steps (check_round.cc), quiescent views (check_views.cc).
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "src/fsfuzz/check/candidates.h"
#include "src/fsfuzz/check/checker.h"
#include "src/fsfuzz/check/explain.h"
#include "src/fsfuzz/check/file_model.h"

namespace fsfuzz {

struct Checker::Impl {
  Impl(const Program& p, const Env& e, KnownFn k);
  KnownFn known;

  Program prog;
  Env env;
  FileModel model;
  Explainer explain;
  Slots slots;
  std::vector<uint32_t> first_ids;
  Verdict verdict;
  bool stopped = false;
  size_t step = 0;            // current step index
  // Pages where an O_DIRECT write raced stores or pins through a mapping of its range:
  // stale data there and EIO from the next sync are the dio-collision class.
  std::vector<Range> tainted;
  bool collision_suspect = false;
  bool collision_reported = false;
  std::vector<uint32_t> collision_ops;  // the DIO write and the ops it raced
  // Stale data where a DIO write raced mapped access is the collision only if the kernel
  // owns up to it (EIO from a later sync); held here until then, a data mismatch if not.
  std::vector<Finding> held;
  // Writes that failed after they may have written part of their range to disk (EFAULT
  // from a copy out of a mapping, EINVAL from a misaligned O_DIRECT write) and what each
  // would have put there: the page cache may keep the old bytes (known kernel behaviour),
  // so the failed write's data can surface steps later, in any view. A mismatch whose bad
  // bytes all hold such data names the failed write (NoteFailedWrites).
  struct FailedWrite {
    uint32_t id = 0;
    int err = 0;
    std::vector<SourceMap::Seg> would;
    bool unknown = false;  // its buffer's bytes are unknown (private pages): any byte of `would` matches
    // What its range held before it (empty: not known). Once its bytes were read back from
    // disk and adopted, a stale page cache shows these instead.
    std::vector<SourceMap::Seg> before;
    // Its data as a later copy may have moved it (from where the copy read to where it
    // wrote): an explanation only where no failed write put bytes directly.
    bool moved = false;
  };
  std::vector<FailedWrite> failed_writes;
  // Stores through a shared mapping that raced a truncate to below them in one round:
  // the kernel may map the page past the new EOF after the truncate (known finding
  // truncate-vs-mkwrite-maps-past-eof), so a missing SIGBUS there names the race.
  struct RacedStore {
    uint32_t store = 0, truncate = 0;
    Range pages;  // file pages wholly past the truncate's size that the store reached
  };
  std::vector<RacedStore> raced_stores;
  // O_DIRECT writes that extended the file from a size inside a page (`from`): with blocks
  // smaller than a page, ext4 loses what a mapping already writable stores past `from` in
  // that page afterwards (docs/known-findings/ext4-dio-extend-loses-mapped-store.c).
  struct DioExtension {
    uint32_t id = 0;
    uint64_t from = 0;
  };
  std::vector<DioExtension> dio_extensions;
  // Writes from a mapping cut short by a fault in their buffer (EFAULT or a short count),
  // and the file range they did not write: a failed copy may leave a delayed allocation
  // there that a later O_DIRECT read trips over with EIO (known finding
  // write-efault-leaves-delalloc-dio-read-eio); an EIO of a dread reaching it names it.
  struct OpRange {
    uint32_t id = 0;
    Range range;
  };
  std::vector<OpRange> cut_short;  // range: what the write did not write
  // Ranges a shrink cut from the file (cut) and ranges of those a later step extended the
  // file over again (regrown, with the op that did): ext4 fails an O_DIRECT read into a
  // mapping of the file that reaches one with EIO while the data cut was not written back
  // (known finding ext4-dio-read-into-own-mapping-regrown-eio).
  std::vector<Range> cut;
  // Ranges a sequential fallocate punched or zeroed (ext4 fails an O_DIRECT read of such a
  // hole with EIO while a store through a mapping goes to its neighbour: known finding
  // ext4-dio-read-punched-eio-racing-mapped-store).
  std::vector<OpRange> punched;
  std::vector<OpRange> regrown;
  void NoteRegrown(const Step& st, uint32_t first, uint64_t size_before);
  void NoteRoundRegrown(const Step& st, uint32_t first, const StepRecord& rec, uint64_t size_before);
  // What explains an O_DIRECT read's EIO (eio_notes.cc): " The read reaches ..." sentences
  // naming a cut-short write, a regrown or punched range, an op that split xfs's delayed
  // allocation past EOF; "" when nothing does. CutShortNote adds the write to *who.
  std::string CutShortNote(uint64_t off, uint64_t len, uint32_t skip, std::vector<uint32_t>* who) const;
  std::string DreadEioNotes(const Op& op, uint32_t id, std::vector<uint32_t>& ops) const;
  void NoteCutShort(const Step& st, uint32_t first, const StepRecord& rec);
  // A misaligned O_DIRECT write failed with EINVAL: ext4 may have written its first blocks
  // (ext4-misaligned-dio-einval-writes), so a heap buffer's data is a failed write's (a
  // mapping buffer's is taken with the round's copies, check_round.cc).
  void NoteMisalignedEinval(const Op& op, uint32_t id);
  // " Op #k ... raced ..." for a missing SIGBUS at file offset off, adding the store and
  // the truncate to ops; "" if no store raced a truncate there.
  std::string RacedStoreNote(uint64_t off, std::vector<uint32_t>& ops) const;
  // "op #k's touch_write data stored past EOF" (moved, if a copy moved it) when the bytes
  // at pos are a store past EOF the model remembers, shifted by a copy's delta or not;
  // "" otherwise.
  std::string JunkPastEof(uint64_t pos, const uint8_t* data, size_t n, uint32_t* op_id, Source* found) const;
  // Bad bytes that are what a failed write's range held before it, where its own bytes
  // (read back since) were due: names the write (true) or adds nothing (false).
  bool NoteStaleCacheOverFailedWrite(uint64_t off, const uint8_t* data, const uint8_t* expected,
                                     const std::vector<Range>& runs, std::string& detail,
                                     std::vector<uint32_t>& ops) const;
  // A read into a mapping whose read-back a truncate of the same step cut (see check_round.cc).
  bool ReadBackCut(const Op& op, const OpRecord& r, uint64_t min_size, bool truncated) const;
  void NoteFailedWrites(uint64_t off, const uint8_t* data, const uint8_t* expected, const std::vector<Range>& runs,
                        std::string& detail, std::vector<uint32_t>& ops) const;
  // The bytes disjoint segs put at [lo, hi) into out, and which of them any seg covers.
  void FillSegs(const std::vector<SourceMap::Seg>& segs, uint64_t lo, uint64_t hi, std::vector<uint8_t>& out,
                std::vector<bool>& have) const;
  // Expected bytes of one sequential read, reused from op to op (a fresh zero-filled
  // vector per read cost a memset and, for large reads, page faults). Valid until the
  // next call.
  std::unique_ptr<uint8_t[]> expect_buf;
  size_t expect_cap = 0;
  uint8_t* ExpectBuf(size_t n) {
    if (n > expect_cap || !expect_buf) {
      expect_cap = std::max<size_t>({n, 2 * expect_cap, 4096});
      expect_buf.reset(new uint8_t[expect_cap]);
    }
    return expect_buf.get();
  }
  // The machine-readable check the next data mismatch reports (evidence.h).
  nlohmann::json next_check;
  bool holding = false;
  std::vector<uint8_t> digest_buf;  // model bytes of an elided view chunk (check_views.cc)

  // --- driver (checker.cc)
  bool OnStep(size_t index, const StepRecord& rec);
  void OnFinal(const Trace& t);
  void AddFinding(FindingClass cls, std::vector<uint32_t> ops, std::string what, std::string detail,
                  nlohmann::json evidence = nlohmann::json::object(), uint32_t at_op = 0);
  void Inconclusive(const std::string& why);
  // Marks f "after known" (title, detail, evidence) when a known finding came before it.
  void NoteAfterKnown(Finding& f) const;
  // Reports the held stale-data findings as data mismatches (no EIO owned up to them).
  void ReleaseHeld();
  void Signal(const std::string& name, uint64_t n = 1) { verdict.signals[name] += n; }
  bool IsTainted(uint64_t off) const;
  // Errors every op may see that are no finding: ENOSPC/EDQUOT make the run inconclusive.
  bool HandleNoSpace(const OpRecord& rec);
  // EIO from fsync/fdatasync/msync/drain: the collision class, or unexpected.
  void CheckSyncResult(uint32_t id, const OpRecord& rec, const char* what);
  // note: appended to the detail (what else the kernel saw); also_ops: ops it names.
  void UnexpectedErrno(uint32_t id, const OpRecord& rec, const std::string& expected, const std::string& note = "",
                       const std::vector<uint32_t>& also_ops = {});
  // Reports a data mismatch found comparing `data` at file offset `off` with `expected`.
  // bad: the runs (relative to off) that no admissible value explains; empty: where data
  // differs from expected.
  // Appends to a data mismatch's detail when its bad runs lie in the page that held EOF
  // before an O_DIRECT write extended the file, on blocks smaller than a page.
  void NoteDioExtension(uint64_t off, const std::vector<Range>& runs, std::string& detail,
                        std::vector<uint32_t>& ops) const;
  void DataMismatch(uint32_t observer, const std::string& view, uint64_t off, const uint8_t* data,
                    const uint8_t* expected, size_t n, std::vector<uint32_t> ops_involved,
                    FindingClass cls = FindingClass::kDataMismatch, const std::vector<Range>& bad = {});

  // --- sequential ops (check_seq.cc)
  void Sequential(const Op& op, uint32_t id, const OpRecord& rec);
  void SeqWrite(const Op& op, uint32_t id, const OpRecord& rec);
  void SeqRead(const Op& op, uint32_t id, const OpRecord& rec);
  void SeqTouch(const Op& op, uint32_t id, const OpRecord& rec);
  void SeqOther(const Op& op, uint32_t id, const OpRecord& rec);
  // Bytes of a buffer in a mapping before its first page wholly past its file's EOF
  // (given that file's size): the buffer's len when none faults.
  uint64_t BufferLimit(const Op& op, uint64_t main_size) const;
  // A read that copied `got` bytes into a shared mapping past its buffer limit at the
  // largest size the file had (a page wholly past EOF): the missing-SIGBUS class, as a
  // load there. Reports it and returns true.
  bool MissedBufferFault(const Op& op, uint32_t id, uint64_t got, uint64_t max_size);
  // The op's buffer is a private mapping of the main file; the file offset its buffer maps.
  bool IsPrivateBuf(const Op& op) const;
  uint64_t BufFileOff(const Op& op) const;
  // Bytes of a private slot in pages of unknown state (FileModel::MarkCowUnknown) are
  // whatever was seen: expected[i] = seen[i] there.
  void AcceptUnknownCow(int slot, uint64_t off, uint64_t len, const uint8_t* seen, uint8_t* expected) const;
  // Whether an O_DIRECT op is aligned here (misaligned ones may fail with EINVAL).
  bool Misaligned(const Op& op) const;

  // --- rounds and settled steps (check_round.cc)
  void Concurrent(const Step& st, uint32_t first_id, const StepRecord& rec);

  // --- quiescent views (check_views.cc)
  void CheckSize(std::optional<uint64_t> observed, uint32_t after_op);
  void CheckViews(const std::vector<Observation>& views, uint32_t at_op);
  // Tail bytes [size, roundup(size)) of a mapping: zero or junk stored since the size last
  // changed (through a private slot's copied page also what that copy holds). Returns the
  // offset of the first bad byte, or UINT64_MAX. private_slot: -1 for shared mappings.
  uint64_t BadTail(uint64_t off, const uint8_t* data, size_t n, int private_slot) const;
  // The check evidence of a tail: zero or junk stored since the size last changed.
  nlohmann::json TailCheck(int slot, uint64_t off, uint64_t len) const;
};

}  // namespace fsfuzz
