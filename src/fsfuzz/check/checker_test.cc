// Checker rules on hand-written traces: each rule passes a correct trace and catches a
// trace in which the "kernel" broke it.
#include "src/fsfuzz/check/checker.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "src/fsfuzz/check/explain.h"
#include "src/fsfuzz/check/test_builders.h"
#include "src/fsfuzz/finding/known_findings.h"

namespace fsfuzz {
namespace {

using namespace fsfuzz::testing;  // NOLINT

constexpr uint64_t kSeed = 7;
constexpr uint64_t K4 = 4096;

Trace MakeTrace(std::vector<StepRecord> steps) {
  Trace t;
  t.env = TestEnv();
  t.steps = std::move(steps);
  t.complete = false;  // no end-of-program views unless a test adds them
  return t;
}

StepRecord RoundRec(std::vector<OpRecord> ops, uint64_t size, std::vector<Observation> settle) {
  StepRecord s;
  s.ops = std::move(ops);
  s.size = size;
  s.settle = std::move(settle);
  return s;
}

FindingClass FirstClass(const Verdict& v) {
  EXPECT_FALSE(v.findings.empty());
  return v.findings.empty() ? FindingClass::kHang : v.findings[0].cls;
}

// ---- Rule 1: sequential steps are exact.

TEST(CheckerSequential, WriteThenReadIsOk) {
  Program p = Prog(2 * K4, {Seq(Write(100, 50)), Seq(Read(0, 200))});
  auto data = Cat(Cat(Pat(kSeed, kSrcInit, 0, 100), Pat(kSeed, 1, 100, 50)), Pat(kSeed, kSrcInit, 150, 50));
  Trace t = MakeTrace({One(Ok(1, 50), 2 * K4), One(Ok(2, 200, data))});
  Verdict v = Check(p, t);
  EXPECT_TRUE(v.ok()) << (v.findings.empty() ? "" : v.findings[0].detail);
}

TEST(CheckerSequential, LostWriteIsDataMismatchNamingBothSources) {
  Program p = Prog(2 * K4, {Seq(Write(100, 50)), Seq(Read(0, 200))});
  auto stale = Pat(kSeed, kSrcInit, 0, 200);  // the write never landed
  Trace t = MakeTrace({One(Ok(1, 50), 2 * K4), One(Ok(2, 200, stale))});
  Verdict v = Check(p, t);
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("hold initial data; op #1's write data was due"), std::string::npos)
      << v.findings[0].detail;
  EXPECT_NE(v.findings[0].detail.find("0x64-0x95"), std::string::npos) << v.findings[0].detail;
}

TEST(CheckerSequential, AFindingAfterAKnownOneSaysSo) {
  // Two lost writes read back; a known-finding table that knows the first (write #1) only.
  // The check goes on after the known one and reports the second as following it.
  Program p = Prog(2 * K4, {Seq(Write(100, 50)), Seq(Read(0, 200)), Seq(Write(1000, 50)), Seq(Read(1000, 50))});
  auto stale1 = Pat(kSeed, kSrcInit, 0, 200);
  auto stale2 = Pat(kSeed, kSrcInit, 1000, 50);
  Trace t = MakeTrace({One(Ok(1, 50), 2 * K4), One(Ok(2, 200, stale1)), One(Ok(3, 50), 2 * K4), One(Ok(4, 50, stale2))});
  auto knows_first = [](Finding& f) {
    if (f.op_id != 2) return false;
    f.evidence["known"] = "first-known";
    return true;
  };
  Verdict v = Check(p, t, knows_first);
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_EQ(v.findings[0].evidence.value("known", ""), "first-known");
  EXPECT_EQ(v.findings[1].evidence.value("after_known", ""), "first-known");
  EXPECT_NE(v.findings[1].title.find("[after known: first-known]"), std::string::npos) << v.findings[1].title;
  // Without the earlier known finding, the same mismatch is a finding of its own.
  Verdict alone = Check(p, t);
  ASSERT_EQ(alone.findings.size(), 1u);
  EXPECT_FALSE(alone.findings[0].evidence.contains("after_known"));
}

TEST(CheckerSequential, SizeAfterExtendingWriteMustMatch) {
  Program p = Prog(K4, {Seq(Write(K4, 10))});
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1, 10), K4 + 10)})).ok());
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1, 10), 2 * K4)}))), FindingClass::kSizeMismatch);
}

TEST(CheckerSequential, ShortReadIsSizeMismatch) {
  Program p = Prog(K4, {Seq(Read(0, K4))});
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1, 100, Pat(kSeed, kSrcInit, 0, 100)))}))),
            FindingClass::kSizeMismatch);
}

TEST(CheckerSequential, TruncateShrinkThenExtendReadsZero) {
  Program p = Prog(2 * K4, {Seq(Truncate(100)), Seq(Truncate(2 * K4)), Seq(Read(0, 200))});
  auto good = Cat(Pat(kSeed, kSrcInit, 0, 100), std::vector<uint8_t>(100, 0));
  auto bad = Pat(kSeed, kSrcInit, 0, 200);  // old data came back after the extend
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1), 100), One(Ok(2), 2 * K4), One(Ok(3, 200, good))})).ok());
  Verdict v = Check(p, MakeTrace({One(Ok(1), 100), One(Ok(2), 2 * K4), One(Ok(3, 200, bad))}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("hold initial data; zeros was due"), std::string::npos);
}

// ---- Rule 5: errors are predicted.

TEST(CheckerErrno, UnexpectedErrnoIsAFinding) {
  Program p = Prog(K4, {Seq(Write(0, 10))});
  Verdict v = Check(p, MakeTrace({One(Err(1, EIO))}));
  ASSERT_EQ(FirstClass(v), FindingClass::kUnexpectedErrno);
  EXPECT_NE(v.findings[0].title.find("EIO"), std::string::npos);
}

TEST(CheckerErrno, DreadEioPastEofAfterAFallocateIsStillAFindingAndSaysSo) {
  // xfs fails such a read with EIO (known finding xfs-split-delalloc-past-eof-dio-read-eio):
  // the checker reports it and names the fallocate; within EOF it does not.
  const uint64_t K64 = 16 * K4;
  auto MakeFalloc = [](uint64_t off, uint64_t len) {
    Op op = MakeOp(OpKind::kFallocate, off, len);
    op.mode = static_cast<uint8_t>(FallocMode::kKeep);
    return op;
  };
  Program p = Prog(K64, {Seq(Write(15 * K4, 10 * K4)), Seq(MakeFalloc(17 * K4, 8 * K4)), Seq(DRead(24 * K4, 2 * K4))});
  Verdict v = Check(p, MakeTrace({One(Ok(1, 10 * K4), 25 * K4), One(Ok(2), 25 * K4), One(Err(3, EIO), 25 * K4)}));
  ASSERT_EQ(FirstClass(v), FindingClass::kUnexpectedErrno);
  EXPECT_NE(v.findings[0].detail.find("reaches past EOF (size 102400) after op #2 (fallocate)"), std::string::npos)
      << v.findings[0].detail;
  Program q = Prog(K64, {Seq(Write(15 * K4, 10 * K4)), Seq(MakeFalloc(17 * K4, 8 * K4)), Seq(DRead(20 * K4, 2 * K4))});
  Verdict w = Check(q, MakeTrace({One(Ok(1, 10 * K4), 25 * K4), One(Ok(2), 25 * K4), One(Err(3, EIO), 25 * K4)}));
  ASSERT_EQ(FirstClass(w), FindingClass::kUnexpectedErrno);
  EXPECT_EQ(w.findings[0].detail.find("reaches past EOF"), std::string::npos) << w.findings[0].detail;
  // An O_DIRECT write past EOF splits the reservation too (named the same way).
  Program r = Prog(K64, {Seq(Write(15 * K4, 10 * K4)), Seq(DWrite(26 * K4, K4)), Seq(DRead(24 * K4, 4 * K4))});
  Verdict x = Check(r, MakeTrace({One(Ok(1, 10 * K4), 25 * K4), One(Ok(2, K4), 27 * K4), One(Err(3, EIO), 27 * K4)}));
  ASSERT_EQ(FirstClass(x), FindingClass::kUnexpectedErrno);
  EXPECT_NE(x.findings[0].detail.find("reaches past EOF (size 110592) after op #2 (dwrite)"), std::string::npos)
      << x.findings[0].detail;
}

TEST(CheckerErrno, DreadIntoAMappingEioOverARegrownRangeNamesTheTruncate) {
  // ext4 fails it with EIO (known finding ext4-dio-read-into-own-mapping-regrown-eio): a
  // finding that names the truncate that extended the file over the range; not for a heap
  // buffer, nor for a read that does not reach the range.
  auto run = [&](Op read) {
    Program p = Prog(64 * K4, {Seq(Truncate(46 * K4)), Seq(Truncate(47 * K4)), Seq(Mmap(0, 0, 2 * K4)), Seq(read)});
    return Check(p, MakeTrace({One(Ok(1), 46 * K4), One(Ok(2), 47 * K4), One(Ok(3)), One(Err(4, EIO), 47 * K4)}));
  };
  Verdict v = run(WithMapBuf(DRead(45 * K4, 2 * K4), 0, 0));
  ASSERT_EQ(FirstClass(v), FindingClass::kUnexpectedErrno);
  EXPECT_NE(v.findings[0].detail.find("reaches [0x2e000, 0x2f000), cut by a truncate, which op #2 (truncate) extended the file over again"),
            std::string::npos)
      << v.findings[0].detail;
  Verdict heap = run(DRead(45 * K4, 2 * K4));
  ASSERT_EQ(FirstClass(heap), FindingClass::kUnexpectedErrno);
  EXPECT_EQ(heap.findings[0].detail.find("extended the file over"), std::string::npos);
  Verdict below = run(WithMapBuf(DRead(44 * K4, K4), 0, 0));
  ASSERT_EQ(FirstClass(below), FindingClass::kUnexpectedErrno);
  EXPECT_EQ(below.findings[0].detail.find("extended the file over"), std::string::npos);
  // Regrown by a write (minimized on ext4: truncate 1; write off=8K len=1; dread into m0+8K).
  Program w = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Seq(Truncate(1)), Seq(Write(2 * K4, 1)),
                            Seq(WithMapBuf(DRead(0, 2 * K4), 0, 2 * K4))});
  Verdict x = Check(w, MakeTrace({One(Ok(1)), One(Ok(2), 1), One(Ok(3, 1), 2 * K4 + 1), One(Err(4, EIO), 2 * K4 + 1)}));
  ASSERT_EQ(FirstClass(x), FindingClass::kUnexpectedErrno);
  EXPECT_NE(x.findings[0].detail.find("reaches [0x1, 0x2001), cut by a truncate, which op #3 (write) extended"),
            std::string::npos)
      << x.findings[0].detail;
}

TEST(CheckerErrno, DreadEioOverARangeARoundCutAndRegrewNamesTheTruncate) {
  // round { truncate 44 pages; truncate 46 } after 48 pages: the round may have cut [44, 46)
  // and grown it again (ext4 stress, dioread_nolock); a read into a mapping reaching it gets
  // EIO. A heap-buffer read gets the note only beside such a read in its round (C: 6 of 20).
  Program p = Prog(64 * K4, {Seq(Truncate(48 * K4)), Round({Truncate(44 * K4), Truncate(46 * K4)}), Seq(Mmap(0, 0, 2 * K4)),
                             Seq(WithMapBuf(DRead(45 * K4, K4), 0, 0))});
  Verdict v = Check(p, MakeTrace({One(Ok(1), 48 * K4), RoundRec({Ok(2), Ok(3)}, 46 * K4, {Obs(View::kBuffered, 44 * K4, 2 * K4, std::vector<uint8_t>(2 * K4, 0))}), One(Ok(4)),
                                  One(Err(5, EIO), 46 * K4)}));
  ASSERT_EQ(FirstClass(v), FindingClass::kUnexpectedErrno) << v.inconclusive_reason;
  EXPECT_NE(v.findings[0].detail.find("reaches [0x2c000, 0x2e000), cut by a truncate, which op #3 (truncate) extended the file over again"),
            std::string::npos)
      << v.findings[0].detail;
  Program q = Prog(64 * K4, {Seq(Truncate(48 * K4)), Round({Truncate(44 * K4), Truncate(46 * K4)}), Seq(Mmap(0, 0, 2 * K4)),
                             Round({DRead(45 * K4, K4), WithMapBuf(DRead(45 * K4, K4), 0, 0)})});
  Verdict w = Check(q, MakeTrace({One(Ok(1), 48 * K4), RoundRec({Ok(2), Ok(3)}, 46 * K4, {Obs(View::kBuffered, 44 * K4, 2 * K4, std::vector<uint8_t>(2 * K4, 0))}), One(Ok(4)),
                                  RoundRec({Err(5, EIO), Err(6, EIO)}, 46 * K4, {Obs(View::kBuffered, 0, K4, Pat(kSeed, kSrcInit, 0, K4))})}));
  ASSERT_EQ(FirstClass(w), FindingClass::kUnexpectedErrno);
  EXPECT_NE(w.findings[0].detail.find("extended the file over again. It ran beside op #6 (dread(buf=map))"),
            std::string::npos)
      << w.findings[0].detail;
  EXPECT_EQ(w.findings[0].title, "unexpected EIO in dread vs dread(buf=map) on test");
  // Alone in its step, a heap-buffer read is not put down to it.
  Program h = Prog(64 * K4, {Seq(Truncate(48 * K4)), Round({Truncate(44 * K4), Truncate(46 * K4)}), Seq(DRead(45 * K4, K4))});
  Verdict x = Check(h, MakeTrace({One(Ok(1), 48 * K4), RoundRec({Ok(2), Ok(3)}, 46 * K4, {Obs(View::kBuffered, 44 * K4, 2 * K4, std::vector<uint8_t>(2 * K4, 0))}), One(Err(4, EIO), 46 * K4)}));
  ASSERT_EQ(FirstClass(x), FindingClass::kUnexpectedErrno);
  EXPECT_EQ(x.findings[0].detail.find("extended the file over"), std::string::npos) << x.findings[0].detail;
}

TEST(CheckerErrno, DirectViewEioOverAWriteCutShortByAFaultNamesTheWrite) {
  // Minimized on ext4: an empty file; a write of 1 byte from a mapping page wholly past EOF
  // fails with EFAULT (its delayed allocation stays); truncate 1; the check's O_DIRECT view
  // fails with EIO (known finding write-efault-leaves-delalloc-dio-read-eio).
  Program p = Prog(0, {Seq(Mmap(0, 0, K4)), Seq(WithMapBuf(Write(0, 1), 0, 0)), Seq(Truncate(1)),
                       Seq(Simple(OpKind::kCheck))});
  StepRecord chk = One(Ok(4), 1);
  Observation d = Obs(View::kDirect, 0, K4, {});
  d.ret = -1;
  d.err = EIO;
  chk.views.push_back(d);
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Err(2, EFAULT), 0), One(Ok(3), 1), chk}));
  ASSERT_EQ(FirstClass(v), FindingClass::kUnexpectedErrno);
  EXPECT_NE(v.findings[0].detail.find("which op #2 (write(buf=map)) did not write: it was cut short by a fault"),
            std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerErrno, MisalignedDirectMayFailWithEinvalOrSucceed) {
  Program p = Prog(K4, {Seq(DWrite(1, 100))});
  Verdict einval = Check(p, MakeTrace({One(Err(1, EINVAL), K4)}));
  EXPECT_TRUE(einval.ok());
  EXPECT_EQ(einval.signals.at("misaligned-dio-einval"), 1u);
  Verdict buffered = Check(p, MakeTrace({One(Ok(1, 100), K4)}));
  EXPECT_TRUE(buffered.ok());
  EXPECT_EQ(buffered.signals.at("misaligned-dio-buffered"), 1u);
}

TEST(CheckerErrno, AlignedDirectMustNotFailWithEinval) {
  Program p = Prog(K4, {Seq(DWrite(0, K4))});
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Err(1, EINVAL), K4)}))), FindingClass::kUnexpectedErrno);
}

TEST(CheckerErrno, NoSpaceIsInconclusive) {
  Program p = Prog(K4, {Seq(Write(0, 10))});
  Verdict v = Check(p, MakeTrace({One(Err(1, ENOSPC))}));
  EXPECT_EQ(v.status, Verdict::Status::kInconclusive);
  EXPECT_TRUE(v.findings.empty());
}

TEST(CheckerErrno, FsyncEioWithoutCollisionIsUnexpected) {
  Program p = Prog(K4, {Seq(Write(0, 10)), Seq(Simple(OpKind::kFsync))});
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1, 10), K4), One(Err(2, EIO))}))),
            FindingClass::kUnexpectedErrno);
}

TEST(CheckerErrno, EfaultOnlyWhereTheBufferReachesPastEof) {
  // m0 maps [0, 16K) of a 4K file: a buffer at m0+8K lies wholly past EOF.
  Program p = Prog(K4, {Seq(Mmap(0, 0, 4 * K4, MapMode::kAuxShared)), Seq(WithMapBuf(Write(0, K4), 0, 0))});
  p.header.aux_size = K4;
  Program past = p;
  past.steps[1].ops[0].buf.off = 2 * K4;
  // Writes from mappings are settled: the executor reads the target range back.
  StepRecord efault = One(Err(2, EFAULT), K4);
  efault.settle.push_back(Obs(View::kBuffered, 0, K4, Pat(kSeed, kSrcInit, 0, K4)));
  EXPECT_TRUE(Check(past, MakeTrace({One(Ok(1)), efault})).ok());
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), efault}))), FindingClass::kUnexpectedErrno);
}

// ---- Rule 3: SIGBUS exactly for pages wholly past EOF; tails read zero or junk.

TEST(CheckerSigbus, TouchPastEofMustFault) {
  Program p = Prog(K4 + 100, {Seq(Mmap(0, 0, 4 * K4)), Seq(TouchR(0, 2 * K4, 10))});
  Verdict ok = Check(p, MakeTrace({One(Ok(1)), One(Bus(2, 0))}));
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), One(Ok(2, 10, std::vector<uint8_t>(10)))}))),
            FindingClass::kMissingSigbus);
}

// A read that copies into a page of its buffer wholly past the mapped file's EOF must stop
// there as a load would (fault: EFAULT or a short count): tmpfs huge=always copied on (known
// finding tmpfs-huge-maps-past-eof), the stored bytes then surfacing through other mappings.
TEST(CheckerSigbus, CopyIntoAPageWhollyPastEofMustStop) {
  // m0 maps [0, 16K) of the 4K aux file: the read's buffer [0, 8K) ends in a page wholly past it.
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 4 * K4, MapMode::kAuxShared)), Seq(WithMapBuf(Read(0, 2 * K4), 0, 0))});
  p.header.aux_size = K4;
  auto init = Pat(kSeed, kSrcInit, 0, 2 * K4);
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1)), One(Ok(2, K4, std::vector<uint8_t>(init.begin(), init.begin() + K4)))})).ok());
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1)), One(Err(2, EFAULT))})).ok());
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Ok(2, 2 * K4, init))}));
  ASSERT_EQ(FirstClass(v), FindingClass::kMissingSigbus);
  EXPECT_EQ(v.findings[0].title, "missing SIGBUS in a copy into a mapping in read(buf=map) on test");
  EXPECT_NE(v.findings[0].detail.find("in a page wholly past EOF"), std::string::npos) << v.findings[0].detail;
}

TEST(CheckerSigbus, TouchBelowEofMustNotFault) {
  Program p = Prog(K4 + 100, {Seq(Mmap(0, 0, 4 * K4)), Seq(TouchR(0, K4, 10))});
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), One(Bus(2, 0))}))), FindingClass::kUnexpectedSigbus);
}

TEST(CheckerSigbus, TouchAcrossEofFaultsAtThePageBoundary) {
  Program p = Prog(K4 + 100, {Seq(Mmap(0, 0, 4 * K4)), Seq(TouchR(0, K4, 2 * K4))});
  auto data = Cat(Pat(kSeed, kSrcInit, K4, 100), std::vector<uint8_t>(K4 - 100, 0));
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1)), One(Bus(2, K4, data))})).ok());
}

TEST(CheckerEof, TailReadsZeroUnlessJunkWasStored) {
  Program p = Prog(100, {Seq(Mmap(0, 0, K4)), Seq(TouchR(0, 0, K4))});
  auto good = Cat(Pat(kSeed, kSrcInit, 0, 100), std::vector<uint8_t>(K4 - 100, 0));
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1)), One(Ok(2, K4, good))})).ok());
  auto dirty = good;
  dirty[200] = 0x42;
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), One(Ok(2, K4, dirty))}))), FindingClass::kDataMismatch);
}

TEST(CheckerEof, JunkPastEofIsLegalUntilTheSizeGrows) {
  // Store junk past EOF through the mapping, read it back (legal), extend, read: zero.
  Program p = Prog(100, {Seq(Mmap(0, 0, K4)), Seq(TouchW(0, 200, 10)), Seq(TouchR(0, 0, K4)),
                         Seq(Truncate(K4)), Seq(Read(0, K4))});
  auto junk = Pat(kSeed, 2, 200, 10);
  auto view = Cat(Cat(Cat(Pat(kSeed, kSrcInit, 0, 100), std::vector<uint8_t>(100, 0)), junk),
                  std::vector<uint8_t>(K4 - 210, 0));
  auto zeroed = Cat(Pat(kSeed, kSrcInit, 0, 100), std::vector<uint8_t>(K4 - 100, 0));
  auto polluted = view;
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1)), One(Ok(2, 10)), One(Ok(3, K4, view)), One(Ok(4), K4),
                                  One(Ok(5, K4, zeroed))}))
                  .ok());
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Ok(2, 10)), One(Ok(3, K4, view)), One(Ok(4), K4),
                                  One(Ok(5, K4, polluted))}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("op #2's touch_write data stored past EOF; zeros was due"), std::string::npos)
      << v.findings[0].detail;
}

// ---- Rule 3: quiescent views agree.

TEST(CheckerViews, StalePageCacheIsIncoherentViews) {
  // dwrite [0,4K) then check: buffered (page cache) still shows the initial data while
  // the O_DIRECT view shows the write.
  Program p = Prog(K4, {Seq(DWrite(0, K4)), Seq(Simple(OpKind::kCheck))});
  StepRecord chk = One(Ok(2), K4);
  chk.views.push_back(Obs(View::kBuffered, 0, K4, Pat(kSeed, kSrcInit, 0, K4)));
  chk.views.push_back(Obs(View::kDirect, 0, K4, Pat(kSeed, 1, 0, K4)));
  Verdict v = Check(p, MakeTrace({One(Ok(1, K4), K4), chk}));
  ASSERT_EQ(FirstClass(v), FindingClass::kIncoherentViews);
  EXPECT_NE(v.findings[0].detail.find("hold initial data; op #1's dwrite data was due"), std::string::npos);
  StepRecord good = One(Ok(2), K4);
  good.views.push_back(Obs(View::kBuffered, 0, K4, Pat(kSeed, 1, 0, K4)));
  good.views.push_back(Obs(View::kDirect, 0, K4, Pat(kSeed, 1, 0, K4)));
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1, K4), K4), good})).ok());
}

TEST(CheckerViews, AllViewsWrongIsDataMismatch) {
  Program p = Prog(K4, {Seq(DWrite(0, K4)), Seq(Simple(OpKind::kCheck))});
  StepRecord chk = One(Ok(2), K4);
  chk.views.push_back(Obs(View::kBuffered, 0, K4, Pat(kSeed, kSrcInit, 0, K4)));
  chk.views.push_back(Obs(View::kDirect, 0, K4, Pat(kSeed, kSrcInit, 0, K4)));
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1, K4), K4), chk}))), FindingClass::kDataMismatch);
}

TEST(CheckerViews, MappingProbePastEofMustFault) {
  Program p = Prog(K4, {Seq(Mmap(0, 0, 2 * K4)), Seq(Simple(OpKind::kCheck))});
  StepRecord chk = One(Ok(2), K4);
  chk.views.push_back(Obs(View::kSlot, 0, K4, Pat(kSeed, kSrcInit, 0, K4)));
  Observation probe = Obs(View::kSlot, K4, 1, {});
  probe.sigbus = true;
  chk.views.push_back(probe);
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1)), chk})).ok());
  chk.views[1].sigbus = false;
  chk.views[1].ret = 1;
  chk.views[1].data = {0};
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), chk}))), FindingClass::kMissingSigbus);
}

TEST(CheckerViews, ElidedViewsCompareDigests) {
  Program p = Prog(K4, {Seq(Simple(OpKind::kCheck))});
  StepRecord chk = One(Ok(1), K4);
  auto bytes = Pat(kSeed, kSrcInit, 0, K4);
  Observation o = Obs(View::kBuffered, 0, K4, {});
  o.ret = K4;
  o.elided = true;
  o.digest = Digest(bytes.data(), bytes.size());
  chk.views.push_back(o);
  EXPECT_TRUE(Check(p, MakeTrace({chk})).ok());
  chk.views[0].digest ^= 1;
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({chk}))), FindingClass::kDataMismatch);
  // A second view of the same range reuses the model's digest; its own must still match.
  chk.views[0].digest ^= 1;
  Observation d = o;
  d.view = View::kDirect;
  chk.views.push_back(d);
  EXPECT_TRUE(Check(p, MakeTrace({chk})).ok());
  chk.views[1].digest ^= 1;
  EXPECT_FALSE(Check(p, MakeTrace({chk})).ok());
}

// A view recorded as the same as the buffered view (same_as: compared in place by the
// executor, not copied) is checked with the buffered view's bytes.
Observation SameAs(View v, uint64_t off, uint64_t len, int32_t ref, uint8_t slot = 0) {
  Observation o = Obs(v, off, len, {}, slot);
  o.ret = static_cast<int64_t>(len);
  o.same_as = ref;
  return o;
}

TEST(CheckerViews, ViewsTheSameAsTheBufferedViewAreCheckedWithItsBytes) {
  Program p = Prog(K4, {Seq(Mmap(0, 0, K4)), Seq(DWrite(0, K4)), Seq(Simple(OpKind::kCheck))});
  auto check_with = [&](std::vector<uint8_t> buffered) {
    StepRecord chk = One(Ok(3), K4);
    chk.views.push_back(Obs(View::kBuffered, 0, K4 + 1, std::move(buffered)));
    chk.views[0].ret = K4;
    chk.views.push_back(SameAs(View::kDirect, 0, K4, 0));
    chk.views.push_back(SameAs(View::kSlot, 0, K4, 0));
    return Check(p, MakeTrace({One(Ok(1)), One(Ok(2, K4), K4), chk}));
  };
  EXPECT_TRUE(check_with(Pat(kSeed, 2, 0, K4)).ok());
  // Stale bytes in the buffered view are in the others too: every view wrong.
  Verdict v = check_with(Pat(kSeed, kSrcInit, 0, K4));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("hold initial data; op #2's dwrite data was due"), std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerViews, ASameAsThatNamesNoBufferedViewIsInconclusive) {
  Program p = Prog(K4, {Seq(Mmap(0, 0, K4)), Seq(Simple(OpKind::kCheck))});
  for (int32_t ref : {1, 7}) {  // itself; past the list
    StepRecord chk = One(Ok(2), K4);
    chk.views.push_back(Obs(View::kBuffered, 0, K4, Pat(kSeed, kSrcInit, 0, K4)));
    chk.views.push_back(SameAs(View::kSlot, 0, K4, ref));
    Verdict v = Check(p, MakeTrace({One(Ok(1)), chk}));
    EXPECT_EQ(v.status, Verdict::Status::kInconclusive) << ref;
  }
  // The buffered view is shorter than the range said to be the same.
  StepRecord chk = One(Ok(2), K4);
  chk.views.push_back(Obs(View::kBuffered, 0, 100, Pat(kSeed, kSrcInit, 0, 100)));
  chk.views.push_back(SameAs(View::kSlot, 0, K4, 0));
  EXPECT_EQ(Check(p, MakeTrace({One(Ok(1)), chk})).status, Verdict::Status::kInconclusive);
}

TEST(CheckerViews, ABadViewAfterGoodOnesReportsItsBytes) {
  // Views are compared as they are built and only the first bad one keeps its expected
  // bytes: the report must still show what was expected there.
  Program p = Prog(2 * K4, {Seq(Simple(OpKind::kCheck))});
  StepRecord chk = One(Ok(1), 2 * K4);
  chk.views.push_back(Obs(View::kBuffered, 0, K4, Pat(kSeed, kSrcInit, 0, K4)));
  auto bad = Pat(kSeed, kSrcInit, K4, K4);
  bad[100] ^= 0xff;
  chk.views.push_back(Obs(View::kBuffered, K4, K4, bad));
  Verdict v = Check(p, MakeTrace({chk}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  const std::string dump = v.findings[0].evidence.dump();
  EXPECT_NE(dump.find("expected"), std::string::npos) << dump;
  EXPECT_NE(v.findings[0].detail.find(HexOff(K4 + 100)), std::string::npos) << v.findings[0].detail;
}

// ---- Rule 2: rounds are admissible, not exact.

TEST(CheckerErrno, DreadEioOfAPunchedRangeBesideAMappedStoreSaysSo) {
  // ext4 (known finding ext4-dio-read-punched-eio-racing-mapped-store): still a finding,
  // naming the store and the punch; a sequential read of the hole does not get the note.
  Op punch = MakeOp(OpKind::kFallocate, 0, 2 * K4);
  punch.mode = static_cast<uint8_t>(FallocMode::kPunch);
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, K4)), Seq(punch), Round({TouchW(0, 0, 1), DRead(K4, K4)})});
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Ok(2), 4 * K4), RoundRec({Ok(3, 1), Err(4, EIO)}, 4 * K4, {})}));
  ASSERT_EQ(FirstClass(v), FindingClass::kUnexpectedErrno);
  EXPECT_NE(v.findings[0].detail.find("It ran beside op #3 (touch_write), a store through a mapping, and reaches "
                                      "[0x1000, 0x2000), which op #2 (fallocate) punched."),
            std::string::npos)
      << v.findings[0].detail;
  Program q = Prog(4 * K4, {Seq(Mmap(0, 0, K4)), Seq(punch), Seq(DRead(K4, K4))});
  Verdict w = Check(q, MakeTrace({One(Ok(1)), One(Ok(2), 4 * K4), One(Err(3, EIO), 4 * K4)}));
  ASSERT_EQ(FirstClass(w), FindingClass::kUnexpectedErrno);
  EXPECT_EQ(w.findings[0].detail.find("punched"), std::string::npos) << w.findings[0].detail;
}

TEST(CheckerRound, EitherOrderOfTwoWritersIsAdmissible) {
  Program p = Prog(K4, {Round({Write(0, 100), DWrite(0, 512)})});
  auto a = Cat(Pat(kSeed, 1, 0, 100), Pat(kSeed, 2, 100, 412));  // dwrite first, then write
  auto b = Pat(kSeed, 2, 0, 512);                                  // write first
  for (auto& settled : {a, b}) {
    Verdict v = Check(p, MakeTrace({RoundRec({Ok(1, 100), Ok(2, 512)}, K4, {Obs(View::kBuffered, 0, 512, settled)})}));
    EXPECT_TRUE(v.ok()) << (v.findings.empty() ? "" : v.findings[0].detail);
  }
}

TEST(CheckerRound, CopiesOverEachOthersRangesChainAsManyHopsAsTheyHavePages) {
  // m0 maps the file at 0. In one round: dwrite 52K..64K from m0+4K (file 4K..16K) and a
  // read of 44K..64K into m0+4K (file 4K..24K). Page by page, 20K can end up holding
  // 60K, which held 12K, which held 52K, which held 4K, which held 44K: five hops, the
  // initial data of 44K. Admissible (the checker iterates the copies to a fixed point);
  // bytes no chain can produce are not.
  constexpr uint64_t K = 1024;
  Program p = Prog(64 * K, {Seq(Mmap(0, 0, 64 * K)), Round({WithMapBuf(DWrite(52 * K, 12 * K), 0, 4 * K),
                                                           WithMapBuf(Read(44 * K, 20 * K), 0, 4 * K)})});
  auto init = [&](uint64_t off, uint64_t len) { return Pat(kSeed, kSrcInit, off, len); };
  // The read first (4K..24K := 44K..64K), then the dwrite (52K..64K := 4K..16K = 44K..56K).
  auto file = Cat(Cat(Cat(init(0, 4 * K), init(44 * K, 20 * K)), init(24 * K, 28 * K)), init(44 * K, 12 * K));
  auto chained = file;
  const auto five = init(44 * K, 4 * K);
  std::copy(five.begin(), five.end(), chained.begin() + 20 * K);
  auto run = [&](const std::vector<uint8_t>& seen) {
    std::vector<uint8_t> read(seen.begin() + 4 * K, seen.begin() + 24 * K);
    return Check(p, MakeTrace({One(Ok(1)), RoundRec({Ok(2, 12 * K), Ok(3, 20 * K, read)}, 64 * K,
                                                     {Obs(View::kBuffered, 0, 64 * K, seen)})}));
  };
  for (const auto& seen : {file, chained}) {
    Verdict v = run(seen);
    EXPECT_TRUE(v.ok()) << (v.findings.empty() ? v.inconclusive_reason : v.findings[0].detail);
  }
  auto wrong = chained;
  std::fill(wrong.begin() + 20 * K, wrong.begin() + 24 * K, 0xee);
  EXPECT_EQ(FirstClass(run(wrong)), FindingClass::kDataMismatch);
}

TEST(CheckerRound, AShortDirectReadsTailMayHoldWhatACopyWriteWrotePastTheOldEof) {
  // File 8K, m0 maps [0, 16K). In one round: dwrite [8K, 12K) from m0+0 (extends to 12K)
  // and dread [4K, 12K) into m0+0, short at the old EOF (4096). Past its count the read's
  // buffer (file 4K..8K) may get what the dwrite put past the old EOF (found on xfs).
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 4 * K4)), Round({WithMapBuf(DWrite(2 * K4, K4), 0, 0),
                                                            WithMapBuf(DRead(K4, 2 * K4), 0, 0)})});
  auto init = [&](uint64_t off) { return Pat(kSeed, kSrcInit, off, K4); };
  auto run = [&](const std::vector<uint8_t>& tail) {
    auto seen = Cat(Cat(init(K4), tail), init(0));
    return Check(p, MakeTrace({One(Ok(1)), RoundRec({Ok(2, K4), Ok(3, K4, init(K4))}, 3 * K4,
                                                     {Obs(View::kBuffered, 0, 3 * K4, seen)})}));
  };
  Verdict v = run(init(0));
  EXPECT_TRUE(v.ok()) << (v.findings.empty() ? v.inconclusive_reason : v.findings[0].detail);
  EXPECT_EQ(FirstClass(run(std::vector<uint8_t>(K4, 0xee))), FindingClass::kDataMismatch);
}

TEST(CheckerRound, CompletedWriteCannotLeaveTheOldValue) {
  Program p = Prog(K4, {Round({Write(0, 100), Read(K4 / 2, 10)})});
  auto settled = Pat(kSeed, kSrcInit, 0, 100);  // write returned 100 but nothing changed
  Verdict v = Check(p, MakeTrace({RoundRec({Ok(1, 100), Ok(2, 10, Pat(kSeed, kSrcInit, K4 / 2, 10))}, K4,
                                           {Obs(View::kBuffered, 0, 100, settled)})}));
  EXPECT_EQ(FirstClass(v), FindingClass::kDataMismatch);
}

TEST(CheckerRound, ReadInsideARoundSeesOldOrNewPerByte) {
  Program p = Prog(K4, {Round({Write(0, 100), Read(0, 100)})});
  auto mixed = Cat(Pat(kSeed, 1, 0, 50), Pat(kSeed, kSrcInit, 50, 50));
  auto settled = Pat(kSeed, 1, 0, 100);
  EXPECT_TRUE(Check(p, MakeTrace({RoundRec({Ok(1, 100), Ok(2, 100, mixed)}, K4,
                                           {Obs(View::kBuffered, 0, 100, settled)})}))
                  .ok());
  auto zeros = std::vector<uint8_t>(100, 0);
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({RoundRec({Ok(1, 100), Ok(2, 100, zeros)}, K4,
                                                    {Obs(View::kBuffered, 0, 100, settled)})}))),
            FindingClass::kDataMismatch);
}

TEST(CheckerRound, SizeMustComeFromSomeOrdering) {
  Program p = Prog(K4, {Round({Truncate(100), Write(2 * K4, 10)})});
  auto settle_for = [&](uint64_t size) {
    std::vector<Observation> obs;
    if (size > 0) {
      auto bytes = Pat(kSeed, kSrcInit, 0, std::min<uint64_t>(size, 100));
      if (size > 100) {
        bytes.resize(2 * K4, 0);
        auto w = Pat(kSeed, 2, 2 * K4, 10);
        bytes.insert(bytes.end(), w.begin(), w.end());
      }
      obs.push_back(Obs(View::kBuffered, 0, size, bytes));
    }
    return obs;
  };
  EXPECT_TRUE(Check(p, MakeTrace({RoundRec({Ok(1), Ok(2, 10)}, 2 * K4 + 10, settle_for(2 * K4 + 10))})).ok());
  EXPECT_TRUE(Check(p, MakeTrace({RoundRec({Ok(1), Ok(2, 10)}, 100, settle_for(100))})).ok());
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({RoundRec({Ok(1), Ok(2, 10)}, K4, settle_for(100))}))),
            FindingClass::kSizeMismatch);
}

// A store through a mapping racing a truncate to below it may leave the page mapped past
// the new EOF (known finding truncate-vs-mkwrite-maps-past-eof): the missing SIGBUS is
// still reported, and its detail names the race only for the pages the store reached.
TEST(CheckerRound, MissingSigbusAfterStoreRacingTruncateNamesTheRace) {
  auto run = [&](uint64_t store_off) {
    Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Round({Truncate(100), TouchW(0, store_off, 6)}),
                              Seq(Simple(OpKind::kCheck))});
    auto init = Pat(kSeed, kSrcInit, 0, 100);
    StepRecord chk = One(Ok(4), 100);
    auto page = init;
    page.resize(K4, 0);
    chk.views.push_back(Obs(View::kSlot, 0, K4, page));
    chk.views.push_back(Obs(View::kSlot, K4, 1, {0}));  // no SIGBUS at the first page past EOF
    return Check(p, MakeTrace({One(Ok(1)), RoundRec({Ok(2), Ok(3, 6)}, 100, {Obs(View::kBuffered, 0, 100, init)}),
                               chk}));
  };
  Verdict v = run(K4 + 10);  // the store reached the page that did not fault
  ASSERT_EQ(FirstClass(v), FindingClass::kMissingSigbus);
  EXPECT_NE(v.findings[0].detail.find("Op #3 (touch_write"), std::string::npos) << v.findings[0].detail;
  EXPECT_NE(v.findings[0].detail.find("a store through a mapping raced a truncate below it"), std::string::npos)
      << v.findings[0].detail;
  Verdict w = run(2 * K4 + 10);  // it stored elsewhere: nothing explains this one
  ASSERT_EQ(FirstClass(w), FindingClass::kMissingSigbus);
  EXPECT_EQ(w.findings[0].detail.find("raced a truncate"), std::string::npos) << w.findings[0].detail;
}

// A write from a mapping that failed with EFAULT past EOF may leave a delayed allocation
// an O_DIRECT read trips over (known finding write-efault-leaves-delalloc-dio-read-eio): the
// EIO is still reported, and its detail names the failed write only where the read reaches
// what the write did not write.
TEST(CheckerSequential, DreadEioNamesAWriteCutShortInItsRange) {
  auto run = [&](uint64_t read_len) {
    Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 8 * K4)), Seq(WithMapBuf(Write(6 * K4, 10), 0, 4 * K4)),
                              Seq(Write(5 * K4, 1)), Seq(DRead(5 * K4, read_len))});
    return Check(p, MakeTrace({One(Ok(1)), One(Err(2, EFAULT), 4 * K4), One(Ok(3, 1), 5 * K4 + 1),
                               One(Err(4, EIO))}));
  };
  Verdict v = run(2 * K4);  // reaches [6*K4, +10), which op #2 did not write
  ASSERT_EQ(FirstClass(v), FindingClass::kUnexpectedErrno);
  EXPECT_NE(v.findings[0].detail.find("which op #2 (write"), std::string::npos) << v.findings[0].detail;
  EXPECT_NE(v.findings[0].detail.find("it was cut short by a fault in its buffer"), std::string::npos)
      << v.findings[0].detail;
  Verdict w = run(K4);  // stops short of it: nothing explains this EIO
  ASSERT_EQ(FirstClass(w), FindingClass::kUnexpectedErrno);
  EXPECT_EQ(w.findings[0].detail.find("cut short"), std::string::npos) << w.findings[0].detail;
}

// ... and where the file is extended over that page, the store may show as file data
// (ext4): the data mismatch names the race too, only for bytes in the pages it reached.
TEST(CheckerRound, StoreRacingTruncateShowingAfterExtensionNamesTheRace) {
  auto run = [&](uint64_t bad_off) {
    Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Round({Truncate(100), TouchW(0, K4 + 10, 6)}),
                              Seq(Truncate(4 * K4)), Seq(Simple(OpKind::kCheck))});
    auto init = Pat(kSeed, kSrcInit, 0, 100);
    auto file = init;
    file.resize(4 * K4, 0);
    auto seen = file;
    auto store = Pat(kSeed, 3, bad_off, 6);
    std::copy(store.begin(), store.end(), seen.begin() + static_cast<int64_t>(bad_off));
    StepRecord chk = One(Ok(5), 4 * K4);
    chk.views.push_back(Obs(View::kBuffered, 0, 4 * K4, seen));
    chk.views.push_back(Obs(View::kDirect, 0, 4 * K4, seen));
    return Check(p, MakeTrace({One(Ok(1)), RoundRec({Ok(2), Ok(3, 6)}, 100, {Obs(View::kBuffered, 0, 100, init)}),
                               One(Ok(4), 4 * K4), chk}));
  };
  Verdict v = run(K4 + 10);  // the store's bytes, where it stored
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("a store through a mapping raced a truncate below it"), std::string::npos)
      << v.findings[0].detail;
  EXPECT_NE(std::find(v.findings[0].op_kinds.begin(), v.findings[0].op_kinds.end(), "truncate"),
            v.findings[0].op_kinds.end());
  Verdict w = run(2 * K4 + 10);  // bad bytes in a page the store did not reach
  ASSERT_EQ(FirstClass(w), FindingClass::kDataMismatch);
  EXPECT_EQ(w.findings[0].detail.find("raced a truncate"), std::string::npos) << w.findings[0].detail;
}

TEST(CheckerRound, MissingSettleIsInconclusiveNotOk) {
  Program p = Prog(K4, {Round({Write(0, 100), Write(200, 100)})});
  Verdict v = Check(p, MakeTrace({RoundRec({Ok(1, 100), Ok(2, 100)}, K4, {})}));
  EXPECT_EQ(v.status, Verdict::Status::kInconclusive);
}

// ---- DIO collision: stale data and EIO where a DIO write raced mapped stores.

TEST(CheckerCollision, StaleDataAndEioAfterDioVsMappedStoreAreTheCollisionClass) {
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 2 * K4)), Round({DWrite(0, K4), TouchW(0, 100, 10)}),
                            Seq(Simple(OpKind::kFsync))});
  // The page cache page (initial data + the store) survived the DIO write's invalidation.
  auto settled = Cat(Cat(Pat(kSeed, kSrcInit, 0, 100), Pat(kSeed, 3, 100, 10)), Pat(kSeed, kSrcInit, 110, K4 - 110));
  Trace t = MakeTrace({One(Ok(1)), RoundRec({Ok(2, K4), Ok(3, 10)}, 2 * K4, {Obs(View::kBuffered, 0, K4, settled)}),
                       One(Err(4, EIO))});
  Verdict v = Check(p, t);
  ASSERT_EQ(v.findings.size(), 1u) << v.findings[1].title;
  EXPECT_EQ(v.findings[0].cls, FindingClass::kDioCollision);
  EXPECT_NE(v.findings[0].title.find("dwrite vs touch_write"), std::string::npos) << v.findings[0].title;
  EXPECT_EQ(v.signals.at("collision-eio"), 1u);
}

TEST(CheckerCollision, StaleDataWithoutEioIsASilentDataMismatch) {
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 2 * K4)), Round({DWrite(0, K4), TouchW(0, 100, 10)}),
                            Seq(Simple(OpKind::kFsync))});
  auto settled = Cat(Cat(Pat(kSeed, kSrcInit, 0, 100), Pat(kSeed, 3, 100, 10)), Pat(kSeed, kSrcInit, 110, K4 - 110));
  Trace t = MakeTrace({One(Ok(1)), RoundRec({Ok(2, K4), Ok(3, 10)}, 2 * K4, {Obs(View::kBuffered, 0, K4, settled)}),
                       One(Ok(4))});
  Verdict v = Check(p, t);
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].title.find("silent"), std::string::npos) << v.findings[0].title;
}

TEST(CheckerCollision, ASilentMismatchAfterAKnownFindingSaysSo) {
  // Stale data after a collision round is held until the end of the program (a later sync
  // may own up to it with EIO); released as a silent mismatch, it follows a known finding
  // made meanwhile and says so, as any other finding does (ext4 stress 2026-12-07).
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 2 * K4)), Seq(Write(K4 + 100, 50)), Seq(Read(K4, 200)),
                            Round({DWrite(0, K4), TouchW(0, 100, 10)}), Seq(Simple(OpKind::kFsync))});
  auto settled = Cat(Cat(Pat(kSeed, kSrcInit, 0, 100), Pat(kSeed, 5, 100, 10)), Pat(kSeed, kSrcInit, 110, K4 - 110));
  Trace t = MakeTrace({One(Ok(1)), One(Ok(2, 50), 2 * K4), One(Ok(3, 200, Pat(kSeed, kSrcInit, K4, 200))),
                       RoundRec({Ok(4, K4), Ok(5, 10)}, 2 * K4, {Obs(View::kBuffered, 0, K4, settled)}), One(Ok(6))});
  auto knows_lost_write = [](Finding& f) {
    if (f.op_id != 3) return false;
    f.evidence["known"] = "first-known";
    return true;
  };
  Verdict v = Check(p, t, knows_lost_write);
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_EQ(v.findings[0].evidence.value("known", ""), "first-known");
  EXPECT_NE(v.findings[1].title.find("silent"), std::string::npos) << v.findings[1].title;
  EXPECT_NE(v.findings[1].title.find("[after known: first-known]"), std::string::npos) << v.findings[1].title;
}

TEST(CheckerCollision, EioAloneAfterACollisionRoundIsTheCollisionClass) {
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 2 * K4)), Round({DWrite(0, K4), TouchW(0, 100, 10)}),
                            Seq(Simple(OpKind::kFsync))});
  auto settled = Cat(Cat(Pat(kSeed, 2, 0, 100), Pat(kSeed, 3, 100, 10)), Pat(kSeed, 2, 110, K4 - 110));
  Trace t = MakeTrace({One(Ok(1)), RoundRec({Ok(2, K4), Ok(3, 10)}, 2 * K4, {Obs(View::kBuffered, 0, K4, settled)}),
                       One(Err(4, EIO))});
  Verdict v = Check(p, t);
  ASSERT_EQ(FirstClass(v), FindingClass::kDioCollision);
}

TEST(CheckerCollision, StaleDataInTheWritesOtherPagesIsTheCollisionOnlyInsideTheWrite) {
  // The store touched page 0 of a 2-page DIO write; page 1 keeps its old bytes too (a
  // folio of the range the kernel could not invalidate): with the EIO of the next
  // fsync that is the collision. Old bytes past the write's range are a plain mismatch.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Round({DWrite(0, 2 * K4), TouchW(0, 100, 10)}),
                            Seq(Simple(OpKind::kFsync))});
  auto page0 = Cat(Cat(Pat(kSeed, 2, 0, 100), Pat(kSeed, 3, 100, 10)), Pat(kSeed, 2, 110, K4 - 110));
  auto run = [&](const std::vector<uint8_t>& settled, OpRecord sync) {
    return Check(p, MakeTrace({One(Ok(1)), RoundRec({Ok(2, 2 * K4), Ok(3, 10)}, 4 * K4,
                                                    {Obs(View::kBuffered, 0, 3 * K4, settled)}),
                               One(sync)}));
  };
  auto stale1 = Cat(Cat(page0, Pat(kSeed, kSrcInit, K4, K4)), Pat(kSeed, kSrcInit, 2 * K4, K4));
  Verdict v = run(stale1, Err(4, EIO));
  ASSERT_EQ(v.findings.size(), 1u) << v.findings[0].title;
  EXPECT_EQ(v.findings[0].cls, FindingClass::kDioCollision);
  Verdict silent = run(stale1, Ok(4));
  ASSERT_EQ(FirstClass(silent), FindingClass::kDataMismatch);
  EXPECT_NE(silent.findings[0].title.find("silent"), std::string::npos) << silent.findings[0].title;
  auto bad2 = Cat(Cat(page0, Pat(kSeed, 2, K4, K4)), std::vector<uint8_t>(K4, 0xee));
  Verdict outside = run(bad2, Err(4, EIO));
  ASSERT_FALSE(outside.findings.empty());
  EXPECT_EQ(outside.findings[0].cls, FindingClass::kDataMismatch);
  EXPECT_EQ(outside.findings[0].title.find("silent"), std::string::npos) << outside.findings[0].title;
}

TEST(CheckerCollision, DirectReadEioRacingAMappedStoreIsASignal) {
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 2 * K4)), Round({DRead(0, K4), TouchW(0, 100, 10)})});
  auto settled = Cat(Cat(Pat(kSeed, kSrcInit, 0, 100), Pat(kSeed, 3, 100, 10)), Pat(kSeed, kSrcInit, 110, K4 - 110));
  Trace t = MakeTrace({One(Ok(1)), RoundRec({Err(2, EIO), Ok(3, 10)}, 2 * K4, {Obs(View::kBuffered, 0, K4, settled)})});
  Verdict v = Check(p, t);
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(v.signals.at("dread-collision-eio"), 1u);
}

TEST(CheckerCollision, DirectReadEioWithAStoreIntoItsBufferNamesTheStore) {
  // dread [2 pages in, +1 page) into m0+0 while a touch stores into m0+100: the read's own
  // file range is not stored to (not the collision EIO), its buffer is (btrfs: csum EIO).
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Round({WithMapBuf(DRead(2 * K4, K4), 0, 0), TouchW(0, 100, 10)})});
  auto settled = Cat(Cat(Pat(kSeed, kSrcInit, 0, 100), Pat(kSeed, 3, 100, 10)), Pat(kSeed, kSrcInit, 110, K4 - 110));
  Trace t = MakeTrace({One(Ok(1)), RoundRec({Err(2, EIO), Ok(3, 10)}, 4 * K4, {Obs(View::kBuffered, 0, K4, settled)})});
  Verdict v = Check(p, t);
  ASSERT_EQ(FirstClass(v), FindingClass::kUnexpectedErrno);
  EXPECT_NE(v.findings[0].detail.find("Op #3 (touch_write"), std::string::npos) << v.findings[0].detail;
  EXPECT_NE(v.findings[0].detail.find("stored into the read's buffer while it was in flight"), std::string::npos);
  // No store into the buffer: the EIO is reported bare.
  Program q = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Round({WithMapBuf(DRead(2 * K4, K4), 0, 0), TouchR(0, 100, 10)})});
  Trace u = MakeTrace({One(Ok(1)), RoundRec({Err(2, EIO), Ok(3, 10)}, 4 * K4, {})});
  Verdict w = Check(q, u);
  ASSERT_EQ(FirstClass(w), FindingClass::kUnexpectedErrno);
  EXPECT_EQ(w.findings[0].detail.find("stored into"), std::string::npos) << w.findings[0].detail;
}

// ---- Copies between the file and a mapping of it (the seed's deadlock case).

TEST(CheckerCopy, DirectWriteFromANonOverlappingMappingCopiesExactly) {
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Seq(WithMapBuf(DWrite(0, K4), 0, 2 * K4))});
  auto copied = Pat(kSeed, kSrcInit, 2 * K4, K4);
  StepRecord s = One(Ok(2, K4), 4 * K4);
  s.settle.push_back(Obs(View::kBuffered, 0, K4, copied));
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1)), s})).ok());
  s.settle[0].data = ToBytes(Pat(kSeed, kSrcInit, 0, K4));  // the copy never landed
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), s}))), FindingClass::kDataMismatch);
}

TEST(CheckerCopy, OverlappingCopyAdmitsSnapshotAndForwardOnly) {
  // dwrite [4K, 12K) from m0+0 (file [0, 8K)): snapshot gives pages 0,1; forward gives 0,0.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Seq(WithMapBuf(DWrite(K4, 2 * K4), 0, 0))});
  auto snapshot = Pat(kSeed, kSrcInit, 0, 2 * K4);
  auto forward = Cat(Pat(kSeed, kSrcInit, 0, K4), Pat(kSeed, kSrcInit, 0, K4));
  auto wrong = Cat(Pat(kSeed, kSrcInit, 0, K4), Pat(kSeed, kSrcInit, 2 * K4, K4));
  for (const auto& [bytes, ok] : {std::pair{snapshot, true}, std::pair{forward, true}, std::pair{wrong, false}}) {
    StepRecord s = One(Ok(2, 2 * K4), 4 * K4);
    s.settle.push_back(Obs(View::kBuffered, K4, 2 * K4, bytes));
    Verdict v = Check(p, MakeTrace({One(Ok(1)), s}));
    EXPECT_EQ(v.ok(), ok);
  }
}

TEST(CheckerCopy, PrivateMappingStoresStayPrivate) {
  Program p = Prog(K4, {Seq(Mmap(0, 0, K4, MapMode::kPrivate)), Seq(TouchW(0, 0, 10)), Seq(TouchR(0, 0, 20)),
                        Seq(Read(0, 20))});
  auto priv = Cat(Pat(kSeed, 2, 0, 10), Pat(kSeed, kSrcInit, 10, 10));
  auto file = Pat(kSeed, kSrcInit, 0, 20);
  EXPECT_TRUE(Check(p, MakeTrace({One(Ok(1)), One(Ok(2, 10)), One(Ok(3, 20, priv)), One(Ok(4, 20, file))})).ok());
  // A private store that leaked into the file.
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), One(Ok(2, 10)), One(Ok(3, 20, priv)), One(Ok(4, 20, priv))}))),
            FindingClass::kDataMismatch);
}

TEST(CheckerCopy, ShortDirectReadIntoPrivateMappingLeavesPinnedPagesUnknown) {
  // O_DIRECT pins (copies) every page of its buffer; one that stops at EOF fills the pages
  // past its count with zeros or nothing. Those pages are not checked; the rest are.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 2 * K4, MapMode::kPrivate)), Seq(WithMapBuf(DRead(3 * K4, 2 * K4), 0, 0)),
                            Seq(TouchR(0, 0, 2 * K4))});
  auto read = Pat(kSeed, kSrcInit, 3 * K4, K4);
  auto seen = Cat(read, std::vector<uint8_t>(K4, 0));
  Verdict ok = Check(p, MakeTrace({One(Ok(1)), One(Ok(2, K4, read)), One(Ok(3, 2 * K4, seen))}));
  EXPECT_TRUE(ok.ok()) << (ok.findings.empty() ? "" : ok.findings[0].detail);
  // The page the read filled is still checked: it must hold what the read returned.
  auto wrong = Cat(std::vector<uint8_t>(K4, 0), std::vector<uint8_t>(K4, 0));
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), One(Ok(2, K4, read)), One(Ok(3, 2 * K4, wrong))}))),
            FindingClass::kDataMismatch);
}

TEST(CheckerCopy, MisalignedDirectReadFailingWithEinvalLeavesAPrivateBufferUnknown) {
  // ext4 and xfs zero-fill the buffer over holes before they find a mapped extent and
  // fail with EINVAL (the buffer address is misaligned): the private pages it reached are
  // unknown, the others still checked.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4, MapMode::kPrivate)), Seq(WithMapBuf(DRead(0, K4), 0, 100)),
                            Seq(TouchR(0, 0, 4 * K4))});
  auto file = Pat(kSeed, kSrcInit, 0, 4 * K4);
  auto zeroed = file;
  std::fill(zeroed.begin() + 100, zeroed.begin() + 100 + K4, 0);
  Verdict ok = Check(p, MakeTrace({One(Ok(1)), One(Err(2, EINVAL)), One(Ok(3, 4 * K4, zeroed))}));
  EXPECT_TRUE(ok.ok()) << (ok.findings.empty() ? "" : ok.findings[0].detail);
  EXPECT_EQ(ok.signals.at("misaligned-dread-einval-buffer-unknown"), 1u);
  auto beyond = file;
  std::fill(beyond.begin() + 3 * K4, beyond.end(), 0);  // a page the read's buffer never reached
  EXPECT_EQ(FirstClass(Check(p, MakeTrace({One(Ok(1)), One(Err(2, EINVAL)), One(Ok(3, 4 * K4, beyond))}))),
            FindingClass::kDataMismatch);
}

TEST(CheckerCopy, DirectReadCutShortByEofMayZeroItsBufferToTheEnd) {
  // iomap reads the request past EOF as a hole: the buffer past the count may be zeroed
  // (ext4, xfs, btrfs on 6.18). Into a mapping of the same file, the zeros are file data.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4, MapMode::kShared)), Seq(WithMapBuf(DRead(2 * K4, 3 * K4), 0, 0))});
  auto read = Pat(kSeed, kSrcInit, 2 * K4, 2 * K4);
  auto make = [&](std::vector<uint8_t> third) {
    StepRecord r = One(Ok(2, 2 * K4, read), 4 * K4);
    r.settle.push_back(Obs(View::kBuffered, 0, 3 * K4, Cat(read, third)));
    return MakeTrace({One(Ok(1)), r});
  };
  Verdict zeroed = Check(p, make(std::vector<uint8_t>(K4, 0)));
  EXPECT_TRUE(zeroed.ok()) << (zeroed.findings.empty() ? zeroed.inconclusive_reason : zeroed.findings[0].detail);
  Verdict kept = Check(p, make(Pat(kSeed, kSrcInit, 2 * K4, K4)));
  EXPECT_TRUE(kept.ok()) << (kept.findings.empty() ? kept.inconclusive_reason : kept.findings[0].detail);
  // Anything else there is still wrong.
  EXPECT_EQ(FirstClass(Check(p, make(std::vector<uint8_t>(K4, 0xee)))), FindingClass::kDataMismatch);
}

TEST(CheckerCopy, ShortDirectReadTailMayFeedAConcurrentCopy) {
  // round { dread [8K,16K) into m0+0 (cut short at EOF 12K: 4K), dwrite [12K,16K) from
  // m0+4K }: the read may zero its buffer past the count (m0 [4K,8K)) before the write
  // copies it, so the write may put zeros at 12K (seen on ext4 and xfs, 6.18).
  Program p = Prog(3 * K4, {Seq(Mmap(0, 0, 3 * K4)),
                            Round({WithMapBuf(DRead(2 * K4, 2 * K4), 0, 0), WithMapBuf(DWrite(3 * K4, K4), 0, K4)})});
  auto read = Pat(kSeed, kSrcInit, 2 * K4, K4);
  auto make = [&](std::vector<uint8_t> copied) {
    StepRecord r;
    r.ops = {Ok(2, K4, read), Ok(3, K4)};
    r.size = 4 * K4;
    r.settle.push_back(Obs(View::kBuffered, 0, 4 * K4,
                           Cat(Cat(Cat(read, std::vector<uint8_t>(K4, 0)), Pat(kSeed, kSrcInit, 2 * K4, K4)), copied)));
    return MakeTrace({One(Ok(1)), r});
  };
  Verdict zeroed = Check(p, make(std::vector<uint8_t>(K4, 0)));
  EXPECT_TRUE(zeroed.ok()) << (zeroed.findings.empty() ? zeroed.inconclusive_reason : zeroed.findings[0].detail);
  EXPECT_EQ(FirstClass(Check(p, make(std::vector<uint8_t>(K4, 0xee)))), FindingClass::kDataMismatch);
}

TEST(CheckerCopy, FailedMisalignedDirectReadTailMayFeedAConcurrentCopy) {
  // round { dread [12K+100, +12K) into m0+0 (misaligned: EINVAL), read [8K,12K) into
  // m0+16K } on a 20K file: the failed read may still zero its buffer past EOF up to the
  // request's end (m0 [8K,12K); ext4 on 6.18, plain C in
  // docs/known-findings/admitted-misaligned-dread-einval-zeroes-buffer.c), and the other
  // read may copy those zeros (ext4 stress with dioread_nolock, seed 9001).
  Program p = Prog(5 * K4, {Seq(Mmap(0, 0, 5 * K4)), Round({WithMapBuf(DRead(3 * K4 + 100, 3 * K4), 0, 0),
                                                             WithMapBuf(Read(2 * K4, K4), 0, 4 * K4)})});
  auto make = [&](std::vector<uint8_t> copied) {
    StepRecord r;
    r.ops = {Err(2, EINVAL), Ok(3, K4, copied)};
    r.size = 5 * K4;
    auto file = Cat(Cat(Pat(kSeed, kSrcInit, 0, 2 * K4), std::vector<uint8_t>(K4, 0)), Pat(kSeed, kSrcInit, 3 * K4, K4));
    r.settle.push_back(Obs(View::kBuffered, 0, 5 * K4, Cat(file, copied)));
    return MakeTrace({One(Ok(1)), r});
  };
  Verdict zeroed = Check(p, make(std::vector<uint8_t>(K4, 0)));
  EXPECT_TRUE(zeroed.ok()) << (zeroed.findings.empty() ? zeroed.inconclusive_reason : zeroed.findings[0].detail);
  Verdict ee = Check(p, make(std::vector<uint8_t>(K4, 0xee)));
  EXPECT_EQ(FirstClass(ee), FindingClass::kDataMismatch);
  EXPECT_EQ(ee.signals.count("copy-candidates-capped"), 0u);
}

TEST(CheckerCopy, ACopyReadingWhereACappedCopyWroteMayReadAnything) {
  // round { dwrite [0,4K) from m0+16K; dwrite [16K+10, +8K) from m0+16K }: the second copies
  // onto its own source 10 bytes ahead, too many layers to follow (capped: anything there),
  // and the first reads that range, so what it copied from there may be anything too
  // (tmpfs huge=always stress, seed 31337). Its first 10 bytes come from outside: checked.
  Program p = Prog(8 * K4, {Seq(Mmap(0, 0, 8 * K4)), Round({WithMapBuf(DWrite(0, K4), 0, 4 * K4),
                                                             WithMapBuf(DWrite(4 * K4 + 10, 2 * K4), 0, 4 * K4)})});
  auto make = [&](std::vector<uint8_t> first) {
    StepRecord r;
    r.ops = {Ok(2, K4), Ok(3, 2 * K4)};
    r.size = 8 * K4;
    r.settle.push_back(Obs(View::kBuffered, 0, K4, first));
    r.settle.push_back(Obs(View::kBuffered, 4 * K4, 2 * K4 + 10,
                           Cat(Pat(kSeed, kSrcInit, 4 * K4, 10), std::vector<uint8_t>(2 * K4, 0xee))));
    return MakeTrace({One(Ok(1)), r});
  };
  auto any = Cat(Pat(kSeed, kSrcInit, 4 * K4, 10), std::vector<uint8_t>(K4 - 10, 0xee));
  Verdict v = Check(p, make(any));
  EXPECT_TRUE(v.ok()) << (v.findings.empty() ? v.inconclusive_reason : v.findings[0].detail);
  EXPECT_GE(v.signals["copy-candidates-capped"], 2u);
  EXPECT_EQ(FirstClass(Check(p, make(std::vector<uint8_t>(K4, 0xee)))), FindingClass::kDataMismatch);
}

TEST(CheckerCopy, ShortDirectReadTailMayHoldARacingExtensionsData) {
  // round { dwrite [12K,20K) from the heap, dread [12K,20K) into m0+0 }: the read returns
  // 4K (the size it started with) but may have read the write's block past that EOF into
  // its buffer (seen on xfs, 6.18).
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Round({DWrite(3 * K4, 2 * K4), WithMapBuf(DRead(3 * K4, 2 * K4), 0, 0)})});
  auto make = [&](std::vector<uint8_t> tail) {
    StepRecord r;
    r.ops = {Ok(2, 2 * K4), Ok(3, K4, Pat(kSeed, 2, 3 * K4, K4))};
    r.size = 5 * K4;
    auto file = Cat(Cat(Cat(Pat(kSeed, 2, 3 * K4, K4), tail), Pat(kSeed, kSrcInit, 2 * K4, K4)), Pat(kSeed, 2, 3 * K4, 2 * K4));
    r.settle.push_back(Obs(View::kBuffered, 0, 5 * K4, file));
    return MakeTrace({One(Ok(1)), r});
  };
  Verdict raced = Check(p, make(Pat(kSeed, 2, 4 * K4, K4)));
  EXPECT_TRUE(raced.ok()) << (raced.findings.empty() ? raced.inconclusive_reason : raced.findings[0].detail);
  EXPECT_TRUE(Check(p, make(std::vector<uint8_t>(K4, 0))).ok());
  EXPECT_EQ(FirstClass(Check(p, make(Pat(kSeed, 2, 3 * K4, K4)))), FindingClass::kDataMismatch);
}

TEST(CheckerCopy, MisalignedEinvalWriteFromAPrivateMappingNamesTheWrite) {
  // A misaligned dwrite from a private mapping of the file fails with EINVAL after writing
  // its first block (ext4, known finding ext4-misaligned-dio-einval-writes): the settle
  // sees the buffer's bytes there; the finding names the failed write, as for a shared one.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 2 * K4, MapMode::kPrivate)), Seq(WithMapBuf(DWrite(3 * K4, K4 + 100), 0, 0))});
  StepRecord w = One(Err(2, EINVAL), 4 * K4);
  w.settle.push_back(Obs(View::kBuffered, 3 * K4, K4, Pat(kSeed, kSrcInit, 0, K4)));
  Verdict v = Check(p, MakeTrace({One(Ok(1)), w}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("op #2 (dwrite(buf=map)) would have written: it failed with EINVAL"),
            std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerCopy, MisalignedEinvalWriteRacingAStoreIntoItsBufferNamesTheWrite) {
  // ext4 (stress, 2026-12-06): round { misaligned dwrite [0, 4K+100) from m0+8K; touch_write
  // m0 [8K, 12K) }. The dwrite fails with EINVAL after writing its first block, which it
  // read from the mapping after the store: the store's data shows at [0, 4K), moved. The
  // finding must name the failed write (so the known finding matches), not only the store.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)),
                            Round({WithMapBuf(DWrite(0, K4 + 100), 0, 2 * K4), TouchW(0, 2 * K4, K4)})});
  auto make = [&](std::vector<uint8_t> first_block) {
    StepRecord r;
    r.ops = {Err(2, EINVAL), Ok(3, K4)};
    r.size = 4 * K4;
    r.settle.push_back(Obs(View::kBuffered, 0, K4, std::move(first_block)));
    r.settle.push_back(Obs(View::kBuffered, 2 * K4, K4, Pat(kSeed, 3, 2 * K4, K4)));
    return MakeTrace({One(Ok(1)), r});
  };
  Verdict v = Check(p, make(Pat(kSeed, 3, 2 * K4, K4)));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("op #2 (dwrite(buf=map)) would have written: it failed with EINVAL"),
            std::string::npos)
      << v.findings[0].detail;
  // Data the write could not have read is still not blamed on it.
  v = Check(p, make(Pat(kSeed, 3, 0, K4)));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_EQ(v.findings[0].detail.find("failed with EINVAL"), std::string::npos) << v.findings[0].detail;
}

TEST(CheckerCopy, MisalignedEinvalWriteFromUnknownPrivatePagesNamesTheWrite) {
  // The failed dread left m0's page 3 of unknown state; a misaligned dwrite from it fails
  // with EINVAL after writing its first block: whatever shows there, the write is named.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 8 * K4, MapMode::kPrivate)), Seq(WithMapBuf(DRead(0, 2 * K4), 0, 3 * K4)),
                            Seq(WithMapBuf(DWrite(K4, K4 + 100), 0, 3 * K4))});
  StepRecord w = One(Err(3, EINVAL), 4 * K4);
  w.settle.push_back(Obs(View::kBuffered, K4, K4, std::vector<uint8_t>(K4, 0x5a)));
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Err(2, EFAULT), 4 * K4), w}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("they lie where op #3 (dwrite(buf=map)) may have written bytes of unknown "
                                      "private pages: it failed with EINVAL after writing part"),
            std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerCopy, FailedWriteDataCopiedElsewhereNamesTheFailedWrite) {
  // A misaligned heap dwrite fails with EINVAL after writing its first block (ext4); the
  // cache over it was dropped, so a later write from a mapping of that block copies the
  // failed write's data elsewhere: the finding names the failed write.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Seq(DWrite(3 * K4, K4 + 100)),
                            Seq(WithMapBuf(Write(0, K4), 0, 3 * K4))});
  StepRecord cp = One(Ok(3, K4), 4 * K4);
  cp.settle.push_back(Obs(View::kBuffered, 0, K4, Pat(kSeed, 2, 3 * K4, K4)));
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Err(2, EINVAL), 4 * K4), cp}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("op #2 (dwrite) would have written: it failed with EINVAL"), std::string::npos)
      << v.findings[0].detail;
  EXPECT_NE(std::find(v.findings[0].op_kinds.begin(), v.findings[0].op_kinds.end(), "dwrite"),
            v.findings[0].op_kinds.end());
}

TEST(CheckerCopy, MisalignedEinvalWriteMayHaveWrittenWhatACopyOfItsRoundPutInItsBuffer) {
  // round { dwrite [8K, 12K) from m0+0 (op #2's stored data); a misaligned dwrite to 4K
  // from m0+8K, which fails with EINVAL after writing its first block (ext4) }: that block
  // may be what the first dwrite had just copied into its buffer. An O_DIRECT read shows it
  // where the page cache kept the old bytes: the failed write is named (ext4 stress
  // 2026-12-07: two hops, +24K then -48K, left "unexplained bytes" unnamed).
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Seq(TouchW(0, 0, K4)),
                            Round({WithMapBuf(DWrite(2 * K4, K4), 0, 0), WithMapBuf(DWrite(K4, K4 + 100), 0, 2 * K4)}),
                            Seq(DRead(K4, K4))});
  const auto moved = Pat(kSeed, 2, 0, K4);  // op #2's bytes, copied from [0, 4K)
  auto settled = Cat(Pat(kSeed, kSrcInit, K4, K4), moved);
  Trace t = MakeTrace({One(Ok(1)), One(Ok(2, K4)),
                       RoundRec({Ok(3, K4), Err(4, EINVAL)}, 4 * K4, {Obs(View::kBuffered, K4, 2 * K4, settled)}),
                       One(Ok(5, K4, moved))});
  Verdict v = Check(p, t);
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch) << (v.findings.empty() ? v.inconclusive_reason : "");
  EXPECT_NE(v.findings[0].detail.find("op #4 (dwrite(buf=map)) would have written: it failed with EINVAL"),
            std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerCopy, ShortDirectReadIntoItsOwnSourceMayReadItsOwnTailZeros) {
  // round { dread [24K, 36K) into m0+20K (EOF 32K: it returns 8K and zero-fills its buffer
  // past the count, [28K, 32K) of the file, which is its own source); dwrite [0, 4K) }: the
  // zeros may reach the disk before the read's blocks are read (the write's flush writes
  // back a large folio holding them), so the read may copy zeros to [24K, 28K) (xfs stress
  // 2026-12-07, plain C: 8 of 300 with one large folio, 0 of 300 with small ones).
  Program p = Prog(8 * K4, {Seq(Mmap(0, 0, 8 * K4)),
                            Round({WithMapBuf(DRead(6 * K4, 3 * K4), 0, 5 * K4), DWrite(0, K4)})});
  auto init = Pat(kSeed, kSrcInit, 0, 8 * K4);
  auto run = [&](std::vector<uint8_t> copied) {
    std::vector<uint8_t> file =
        Cat(Pat(kSeed, 3, 0, K4), std::vector<uint8_t>(init.begin() + K4, init.begin() + 5 * K4));
    file = Cat(Cat(file, copied), std::vector<uint8_t>(K4, 0));
    return Check(p, MakeTrace({One(Ok(1)), RoundRec({Ok(2, 2 * K4, copied), Ok(3, K4)}, 8 * K4,
                                                    {Obs(View::kBuffered, 0, 8 * K4, file)})}));
  };
  const std::vector<uint8_t> first(init.begin() + 6 * K4, init.begin() + 7 * K4);
  Verdict v = run(Cat(first, std::vector<uint8_t>(K4, 0)));
  EXPECT_TRUE(v.findings.empty()) << v.findings[0].detail;
  EXPECT_EQ(v.status, Verdict::Status::kOk) << v.inconclusive_reason;
  // Zeros where its source held data it could not have zeroed are still a finding.
  Verdict w = run(Cat(std::vector<uint8_t>(K4, 0), std::vector<uint8_t>(init.begin() + 7 * K4, init.end())));
  ASSERT_FALSE(w.findings.empty());
  EXPECT_EQ(w.findings[0].cls, FindingClass::kDataMismatch);
}

TEST(CheckerCopy, DirectReadIntoItsOwnSourceMayReadWhatItPutThereInAnyOrder) {
  // [24K, 32K) reads zero (truncate down, then up). round { dread [16K, 28K) into m0+12K;
  // dwrite [0, 4K) }: the read copies [16K, 28K) to [12K, 24K), so it writes zeros (from
  // [24K, 28K)) into [20K, 24K), part of its own source. O_DIRECT blocks are read in any
  // order (and a hole's zeros are stored at once), and another op's flush may write that
  // page back first: [16K, 20K) may get those zeros (ext4 stress 2026-12-07).
  Program p = Prog(8 * K4, {Seq(Truncate(6 * K4)), Seq(Truncate(8 * K4)), Seq(Mmap(0, 0, 8 * K4)),
                            Round({WithMapBuf(DRead(4 * K4, 3 * K4), 0, 3 * K4), DWrite(0, K4)})});
  auto init = Pat(kSeed, kSrcInit, 0, 8 * K4);
  auto run = [&](const std::vector<uint8_t>& copied) {
    auto file = Cat(Pat(kSeed, 5, 0, K4), std::vector<uint8_t>(init.begin() + K4, init.begin() + 3 * K4));
    file = Cat(Cat(file, copied), std::vector<uint8_t>(2 * K4, 0));
    return Check(p, MakeTrace({One(Ok(1), 6 * K4), One(Ok(2), 8 * K4), One(Ok(3)),
                               RoundRec({Ok(4, 3 * K4, copied), Ok(5, K4)}, 8 * K4,
                                        {Obs(View::kBuffered, 0, 8 * K4, file)})}));
  };
  const std::vector<uint8_t> first(init.begin() + 4 * K4, init.begin() + 5 * K4);
  const std::vector<uint8_t> second(init.begin() + 5 * K4, init.begin() + 6 * K4);
  const std::vector<uint8_t> zeros(K4, 0);
  Verdict in_order = run(Cat(Cat(first, second), zeros));
  EXPECT_EQ(in_order.status, Verdict::Status::kOk) << (in_order.findings.empty() ? "" : in_order.findings[0].detail);
  Verdict fed = run(Cat(Cat(first, zeros), zeros));
  EXPECT_EQ(fed.status, Verdict::Status::kOk)
      << (fed.findings.empty() ? fed.inconclusive_reason : fed.findings[0].detail);
  // Zeros in [12K, 16K), whose source the read never wrote, are still a finding.
  Verdict wrong = run(Cat(Cat(zeros, second), zeros));
  ASSERT_FALSE(wrong.findings.empty());
  EXPECT_EQ(wrong.findings[0].cls, FindingClass::kDataMismatch);
}

TEST(CheckerCopy, FailedDirectReadIntoAMappingMayLeaveItsBufferZeroed) {
  // round { touch_write m0 [0, 100); dread [4K, 8K) into m0+0 }: the read fails with EIO
  // (btrfs: the store changed the buffer under the checksum check) and btrfs zeroes the
  // buffer, the file's page 0, over the store (btrfs stress 2026-12-07). Zeros where the
  // read's buffer never was are still a finding.
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 2 * K4)), Round({TouchW(0, 0, 100), WithMapBuf(DRead(K4, K4), 0, 0)})});
  auto init = Pat(kSeed, kSrcInit, 0, 2 * K4);
  // The EIO itself is the known btrfs finding: the check goes on past it.
  auto known_eio = [](Finding& f) {
    if (f.cls != FindingClass::kUnexpectedErrno) return false;
    f.evidence["known"] = "btrfs-dio-read-buffer-stores-csum-eio";
    return true;
  };
  auto run = [&](const std::vector<uint8_t>& settled) {
    return Check(p,
                 MakeTrace({One(Ok(1)), RoundRec({Ok(2, 100), Err(3, EIO)}, 2 * K4,
                                                 {Obs(View::kBuffered, 0, 2 * K4, settled)})}),
                 known_eio);
  };
  const std::vector<uint8_t> page1(init.begin() + K4, init.end());
  Verdict zeroed = run(Cat(std::vector<uint8_t>(K4, 0), page1));
  ASSERT_EQ(zeroed.findings.size(), 1u) << zeroed.findings.back().detail;
  EXPECT_EQ(zeroed.findings[0].cls, FindingClass::kUnexpectedErrno);
  Verdict outside = run(Cat(Cat(Pat(kSeed, 2, 0, 100), std::vector<uint8_t>(init.begin() + 100, init.begin() + K4)),
                            std::vector<uint8_t>(K4, 0)));
  ASSERT_EQ(outside.findings.size(), 2u);
  EXPECT_EQ(outside.findings[1].cls, FindingClass::kDataMismatch);
}

TEST(CheckerCopy, FailedWriteDataCopiedOnByAForwardCopyNamesTheFailedWrite) {
  // The failed write's block [8K,12K) surfaces (its cache dropped) under a write from a
  // mapping of [8K,16K) to [12K,20K): copying page by page forward, the write copies what it
  // already moved on again, so [16K,20K) holds the failed write's data too, two hops away
  // (ext4 stress, dioread_nolock, seed 4711, minimized to 6 ops).
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Seq(DWrite(2 * K4, K4 + 100)),
                            Seq(WithMapBuf(Write(3 * K4, 2 * K4), 0, 2 * K4))});
  StepRecord cp = One(Ok(3, 2 * K4), 5 * K4);
  cp.settle.push_back(Obs(View::kBuffered, 3 * K4, 2 * K4, Cat(Pat(kSeed, 2, 2 * K4, K4), Pat(kSeed, 2, 2 * K4, K4))));
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Err(2, EINVAL), 4 * K4), cp}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("op #2 (dwrite) would have written: it failed with EINVAL"), std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerCopy, FailedCopyWritesDataSurfacingLaterNamesTheWrite) {
  // dwrite [0,8K) from m0+4K fails with EFAULT (m0's page 2 is wholly past EOF 6K) after
  // writing its first block to disk; the page cache keeps the old bytes, so the settle
  // sees them and the model adopts them. Steps later the write's data shows through
  // O_DIRECT (or any view once the cache is dropped): a finding that names the failed
  // write, whatever op observed it (known: the stale page cache after EFAULT).
  const uint64_t sz = K4 + K4 / 2;
  auto moved = Cat(Pat(kSeed, kSrcInit, K4, K4 / 2), Pat(kSeed, kSrcInit, K4 / 2, sz - K4 / 2));
  StepRecord w = One(Err(2, EFAULT), sz);
  w.settle.push_back(Obs(View::kBuffered, 0, sz, Pat(kSeed, kSrcInit, 0, sz)));
  {
    Program p = Prog(sz, {Seq(Mmap(0, 0, 3 * K4)), Seq(WithMapBuf(DWrite(0, 2 * K4), 0, K4)), Seq(Simple(OpKind::kCheck))});
    StepRecord chk = One(Ok(3), sz);
    chk.views.push_back(Obs(View::kBuffered, 0, sz, Pat(kSeed, kSrcInit, 0, sz)));
    chk.views.push_back(Obs(View::kDirect, 0, sz, moved));
    Verdict v = Check(p, MakeTrace({One(Ok(1)), w, chk}));
    ASSERT_EQ(FirstClass(v), FindingClass::kIncoherentViews);
    EXPECT_NE(v.findings[0].detail.find("op #2 (dwrite(buf=map)) would have written: it failed with EFAULT"),
              std::string::npos)
        << v.findings[0].detail;
    EXPECT_NE(std::find(v.findings[0].op_kinds.begin(), v.findings[0].op_kinds.end(), "dwrite(buf=map)"),
              v.findings[0].op_kinds.end());
  }
  {
    Program p = Prog(sz, {Seq(Mmap(0, 0, 3 * K4)), Seq(WithMapBuf(DWrite(0, 2 * K4), 0, K4)), Seq(DRead(0, K4))});
    Verdict v = Check(p, MakeTrace({One(Ok(1)), w, One(Ok(3, K4, std::vector<uint8_t>(moved.begin(), moved.begin() + K4)))}));
    ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
    EXPECT_EQ(v.findings[0].title, "data mismatch in dread vs dwrite(buf=map) on test");
    EXPECT_NE(v.findings[0].detail.find("failed with EFAULT"), std::string::npos) << v.findings[0].detail;
    // Bytes that are not the failed write's data are not put down to it.
    Verdict o = Check(p, MakeTrace({One(Ok(1)), w, One(Ok(3, K4, std::vector<uint8_t>(K4, 0xee)))}));
    ASSERT_EQ(FirstClass(o), FindingClass::kDataMismatch);
    EXPECT_EQ(o.findings[0].detail.find("failed with EFAULT"), std::string::npos) << o.findings[0].detail;
  }
}

TEST(CheckerCopy, ZerosAFailedCopyWriteLeftOnDiskNameThatWriteNotAnEarlierOneItCopied) {
  // [1K, 6K) reads zero (truncate down, then up). A write from m0+4K (zeros, then a page
  // wholly past EOF) fails with EFAULT; then a dwrite of [0, 8K) from m0+4K fails with
  // EFAULT after writing its first block: zeros, which O_DIRECT reads at rest over [0, 1K)
  // where the page cache keeps the old bytes. Those zeros are also what the first write
  // would have written at 4K, moved by the dwrite's copy; the dwrite put them on disk, so it
  // is the op to name (ext4 and xfs stress 2026-12-07: the earlier write was named instead,
  // and the known finding for the dwrite went unmatched).
  const uint64_t k1 = K4 / 4, sz = K4 + K4 / 2;
  const auto init1k = Pat(kSeed, kSrcInit, 0, k1);
  const auto old = Cat(init1k, std::vector<uint8_t>(sz - k1, 0));
  Program p = Prog(sz, {Seq(Mmap(0, 0, 4 * K4)), Seq(Truncate(k1)), Seq(Truncate(sz)),
                        Seq(WithMapBuf(Write(K4, 2 * K4), 0, K4)), Seq(WithMapBuf(DWrite(0, 2 * K4), 0, K4)),
                        Seq(Simple(OpKind::kCheck))});
  StepRecord x = One(Err(4, EFAULT), sz);
  x.settle.push_back(Obs(View::kBuffered, K4, sz - K4, std::vector<uint8_t>(sz - K4, 0)));
  StepRecord y = One(Err(5, EFAULT), sz);
  y.settle.push_back(Obs(View::kBuffered, 0, sz, old));
  StepRecord chk = One(Ok(6), sz);
  chk.views.push_back(Obs(View::kBuffered, 0, sz, old));
  chk.views.push_back(Obs(View::kDirect, 0, sz, std::vector<uint8_t>(sz, 0)));
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Ok(2), k1), One(Ok(3), sz), x, y, chk}));
  ASSERT_EQ(FirstClass(v), FindingClass::kIncoherentViews) << (v.findings.empty() ? v.inconclusive_reason : "");
  EXPECT_NE(v.findings[0].detail.find("op #5 (dwrite(buf=map)) would have written: it failed with EFAULT"),
            std::string::npos)
      << v.findings[0].detail;
  EXPECT_NE(std::find(v.findings[0].op_kinds.begin(), v.findings[0].op_kinds.end(), "dwrite(buf=map)"),
            v.findings[0].op_kinds.end());
}

TEST(CheckerCopy, StaleCacheOverAFailedCopyWriteReadBackNamesTheWrite) {
  // The same stale cache seen the other way round: the failed write's block is read back
  // through O_DIRECT first (the model adopts it), then a buffered read shows the bytes the
  // range held before the write. The finding names the failed write (known on ext4/xfs).
  const uint64_t sz = K4 + K4 / 2;
  auto moved = Cat(Pat(kSeed, kSrcInit, K4, K4 / 2), Pat(kSeed, kSrcInit, K4 / 2, sz - K4 / 2));
  StepRecord w = One(Err(2, EFAULT), sz);
  w.settle.push_back(Obs(View::kDirect, 0, sz, moved));
  Program p = Prog(sz, {Seq(Mmap(0, 0, 3 * K4)), Seq(WithMapBuf(DWrite(0, 2 * K4), 0, K4)), Seq(Read(0, K4))});
  Verdict v = Check(p, MakeTrace({One(Ok(1)), w, One(Ok(3, K4, Pat(kSeed, kSrcInit, 0, K4)))}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch) << v.findings.size();
  EXPECT_NE(v.findings[0].detail.find("before op #2 (dwrite(buf=map))"), std::string::npos) << v.findings[0].detail;
  EXPECT_NE(v.findings[0].detail.find("failed with EFAULT after writing part"), std::string::npos)
      << v.findings[0].detail;
  // Old bytes that are not what the range held before the write are not put down to it.
  auto other = Pat(kSeed, kSrcInit, 0, K4);
  other[100] ^= 0xff;
  Verdict o = Check(p, MakeTrace({One(Ok(1)), w, One(Ok(3, K4, other))}));
  ASSERT_EQ(FirstClass(o), FindingClass::kDataMismatch);
  EXPECT_EQ(o.findings[0].detail.find("failed with EFAULT"), std::string::npos) << o.findings[0].detail;
  // The seeding assumption: without the read-back, old bytes are admissible (no finding).
  Verdict clean = Check(p, MakeTrace({One(Ok(1)), One(Err(2, EFAULT), sz), One(Ok(3, K4, Pat(kSeed, kSrcInit, 0, K4)))}));
  EXPECT_TRUE(clean.findings.empty()) << clean.findings[0].detail;
}

TEST(CheckerCopy, StaleCacheOverAFailedCopyWriteSeenBothWaysInOneReadNamesTheWrite) {
  // Both sides of the same stale cache in one read (ext4 sweep 2026-12-07, seed 2612,
  // random-415): part of the failed write's range was read back through O_DIRECT (the
  // model adopted its bytes), part through the page cache (the model adopted the old
  // ones). A later read shows the old bytes in the first part and the write's in the
  // second (its cache page was dropped meanwhile): still the failed write, named.
  const uint64_t sz = K4 + K4 / 2, h = K4 / 4;
  auto moved = Cat(Pat(kSeed, kSrcInit, K4, K4 / 2), Pat(kSeed, kSrcInit, K4 / 2, sz - K4 / 2));
  auto init = Pat(kSeed, kSrcInit, 0, sz);
  StepRecord w = One(Err(2, EFAULT), sz);
  w.settle.push_back(Obs(View::kDirect, 0, h, std::vector<uint8_t>(moved.begin(), moved.begin() + h)));
  w.settle.push_back(Obs(View::kBuffered, h, sz - h, std::vector<uint8_t>(init.begin() + h, init.end())));
  Program p = Prog(sz, {Seq(Mmap(0, 0, 3 * K4)), Seq(WithMapBuf(DWrite(0, 2 * K4), 0, K4)), Seq(Read(0, K4))});
  std::vector<uint8_t> seen(init.begin(), init.begin() + h);                   // old bytes where its were due
  seen.insert(seen.end(), moved.begin() + h, moved.begin() + 2 * h);           // its bytes where the old were due
  seen.insert(seen.end(), init.begin() + 2 * h, init.begin() + K4);
  Verdict v = Check(p, MakeTrace({One(Ok(1)), w, One(Ok(3, K4, seen))}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch) << v.findings.size();
  EXPECT_NE(v.findings[0].detail.find("op #2 (dwrite(buf=map)) would have written where the old bytes were due"),
            std::string::npos)
      << v.findings[0].detail;
  EXPECT_NE(v.findings[0].detail.find("failed with EFAULT after writing part"), std::string::npos)
      << v.findings[0].detail;
  // A byte that is neither side is not put down to it.
  seen[h + 7] ^= 0xff;
  Verdict o = Check(p, MakeTrace({One(Ok(1)), w, One(Ok(3, K4, seen))}));
  ASSERT_EQ(FirstClass(o), FindingClass::kDataMismatch);
  EXPECT_EQ(o.findings[0].detail.find("failed with EFAULT"), std::string::npos) << o.findings[0].detail;
}

TEST(CheckerCopy, FailedCopyWritesDataMovedByADirectReadIntoAMappingNamesTheWrite) {
  // Minimized from an xfs run: dwrite [992K, 1008K) makes the file 1008K; dwrite [1004K,
  // 1016K) from m0+1000K fails with EFAULT (its buffer runs past EOF) after writing its
  // first block; an O_DIRECT read of [1004K, 1008K) into m0 (file offset 0) returns that
  // block from disk. The bytes at 0 are the failed write's, moved by the read: named.
  Program p = Prog(0, {Seq(Mmap(0, 0, 253 * K4)), Seq(DWrite(248 * K4, 4 * K4)),
                       Seq(WithMapBuf(DWrite(251 * K4, 3 * K4), 0, 250 * K4)), Seq(WithMapBuf(DRead(251 * K4, K4), 0, 0))});
  auto moved = Pat(kSeed, 2, 250 * K4, K4);  // what was at 1000K, written at 1004K, read to 0
  StepRecord rd = One(Ok(4, K4, moved), 252 * K4);
  rd.settle.push_back(Obs(View::kBuffered, 0, K4, moved));
  StepRecord w = One(Err(3, EFAULT), 252 * K4);
  w.settle.push_back(Obs(View::kBuffered, 251 * K4, K4, Pat(kSeed, 2, 251 * K4, K4)));  // the cache keeps the old bytes
  Verdict v = Check(p, MakeTrace({One(Ok(1)), One(Ok(2, 4 * K4), 252 * K4), w, rd}));
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch) << v.inconclusive_reason;
  EXPECT_NE(v.findings[0].detail.find("op #3 (dwrite(buf=map)) would have written: it failed with EFAULT"),
            std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerFinal, EndOfProgramViewsAndDrainAreChecked) {
  Program p = Prog(K4, {Seq(Write(0, 10))});
  Trace t = MakeTrace({One(Ok(1, 10), K4)});
  t.complete = true;
  t.final_size = K4;
  t.final_views.push_back(Obs(View::kBuffered, 0, K4, Cat(Pat(kSeed, 1, 0, 10), Pat(kSeed, kSrcInit, 10, K4 - 10))));
  t.drain = Ok(0);
  EXPECT_TRUE(Check(p, t).ok());
  t.drain = Err(0, EIO);
  EXPECT_EQ(FirstClass(Check(p, t)), FindingClass::kUnexpectedErrno);
  t.drain = Ok(0);
  t.final_size = 2 * K4;
  EXPECT_EQ(FirstClass(Check(p, t)), FindingClass::kSizeMismatch);
}

// ext4 with 1 KiB blocks loses what a mapping, writable since EOF lay inside its page,
// stores past that EOF after an O_DIRECT write extended the file (known finding
// ext4-dio-extend-loses-mapped-store): the O_DIRECT view reads zeros there. The finding
// says where the bytes lie, on blocks smaller than a page only, so the table can name it.
TEST(CheckerKnown, StoreLostAfterADirectExtensionNamesTheExtension) {
  const uint64_t s0 = 2 * K4 + 100;
  Program p = Prog(s0, {Seq(Mmap(0, 0, 4 * K4)), Seq(TouchW(0, 2 * K4, 1)), Seq(DWrite(3 * K4, K4)),
                        Seq(TouchW(0, 2 * K4 + 1024, 3072)), Seq(Simple(OpKind::kCheck))});
  auto model = Cat(Cat(Pat(kSeed, kSrcInit, 0, 2 * K4), Pat(kSeed, 2, 2 * K4, 1)), Pat(kSeed, kSrcInit, 2 * K4 + 1, 99));
  model.resize(2 * K4 + 1024, 0);
  model = Cat(Cat(model, Pat(kSeed, 4, 2 * K4 + 1024, 3072)), Pat(kSeed, 3, 3 * K4, K4));
  auto lost = model;
  std::fill(lost.begin() + 2 * K4 + 1024, lost.begin() + 3 * K4, 0);
  auto run = [&](uint64_t block_size) {
    StepRecord chk = One(Ok(5), 4 * K4);
    chk.views.push_back(Obs(View::kBuffered, 0, 4 * K4, model));
    chk.views.push_back(Obs(View::kDirect, 0, 4 * K4, lost));
    Trace t = MakeTrace({One(Ok(1)), One(Ok(2, 1)), One(Ok(3, K4), 4 * K4), One(Ok(4, 3072)), chk});
    t.env.block_size = block_size;
    return Check(p, t);
  };
  Verdict v = run(1024);
  ASSERT_EQ(FirstClass(v), FindingClass::kIncoherentViews);
  const std::string note = "a store through a mapping after an O_DIRECT extension";
  EXPECT_NE(v.findings[0].detail.find("before op #3 (dwrite) extended the file"), std::string::npos)
      << v.findings[0].detail;
  EXPECT_NE(v.findings[0].detail.find(note), std::string::npos);
  Env ext4 = TestEnv();
  ext4.fs = "ext4";
  ext4.kernel = "6.18.44";
  const KnownFinding* k = MatchKnown(v.findings[0], ext4);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->id, "ext4-dio-extend-loses-mapped-store");
  // With blocks of a page the note is not made (the EOF page is one block, written whole).
  Verdict w = run(K4);
  ASSERT_EQ(FirstClass(w), FindingClass::kIncoherentViews);
  EXPECT_EQ(w.findings[0].detail.find(note), std::string::npos) << w.findings[0].detail;
}

TEST(CheckerKnown, AKnownFindingDoesNotHideTheNextOne) {
  // Step 1's size is wrong (say, known kernel behaviour); step 2's data is wrong too.
  Program p = Prog(K4, {Seq(Write(K4, 10)), Seq(Read(0, 10))});
  Trace t = MakeTrace({One(Ok(1, 10), K4 + 5), One(Ok(2, 10, std::vector<uint8_t>(10, 0)))});
  auto known = [](Finding& f) { return f.cls == FindingClass::kSizeMismatch; };
  Verdict v = Check(p, t, known);
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_EQ(v.findings[0].cls, FindingClass::kSizeMismatch);
  EXPECT_EQ(v.findings[1].cls, FindingClass::kDataMismatch);
  Verdict plain = Check(p, t);
  EXPECT_EQ(plain.findings.size(), 1u);  // without it, the first finding ends the check
  // A known growth leaves the exposed bytes unseen: the check ends there.
  Trace grown = MakeTrace({One(Ok(1, 10), 2 * K4), One(Ok(2, 10, std::vector<uint8_t>(10, 0)))});
  Verdict g = Check(p, grown, known);
  EXPECT_EQ(g.findings.size(), 1u);
  EXPECT_EQ(g.signals.at("known-size-growth-ends-check"), 1u);
}

TEST(CheckerEof, ExposedJunkCopiedElsewhereIsNamedAsAStorePastEof) {
  // One byte of junk stored past EOF (100) at 200; the file grows over it (the kernel
  // should zero it and, say, does not); an O_DIRECT write from a mapping of page 0 copies
  // it to 4K+200, where a read finds it. Still a data mismatch, named as the store past
  // EOF moved by the copy (so the known-findings table recognises it), not as whatever
  // op's pattern one byte happens to match: the seed is one where op #6's data at 4K+200
  // is that very byte.
  uint64_t seed = 1;
  while (Pat(seed, 6, K4 + 200, 1) != Pat(seed, 2, 200, 1)) ++seed;
  Program p = Prog(100,
                   {Seq(Mmap(0, 0, 2 * K4)), Seq(TouchW(0, 200, 1)), Seq(Truncate(2 * K4)),
                    Seq(WithMapBuf(DWrite(K4, K4), 0, 0)), Seq(Read(K4, K4)), Seq(Write(3 * K4, 10))},
                   seed);
  auto copied = Cat(Pat(seed, kSrcInit, 0, 100), std::vector<uint8_t>(K4 - 100, 0));
  auto clean = copied;
  copied[200] = Pat(seed, 2, 200, 1)[0];
  auto run = [&](const std::vector<uint8_t>& seen) {
    // A copy from a mapping is read back at once (the settle): that is where it shows.
    StepRecord copy = One(Ok(4, K4), 2 * K4);
    copy.settle.push_back(Obs(View::kBuffered, K4, K4, seen));
    return Check(p, MakeTrace({One(Ok(1)), One(Ok(2, 1)), One(Ok(3), 2 * K4), copy, One(Ok(5, K4, seen), 2 * K4),
                               One(Ok(6, 10), 3 * K4 + 10)}));
  };
  { Verdict c = run(clean); EXPECT_TRUE(c.ok()) << c.inconclusive_reason << (c.findings.empty() ? "" : c.findings[0].detail); }
  Verdict v = run(copied);
  ASSERT_EQ(FirstClass(v), FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("op #2's touch_write data (moved by 4096 bytes) stored past EOF; zeros was due"),
            std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerKnown, AKnownMissingSigbusStoreIsModelledAndNamedWhenItSurfaces) {
  // File of 100 bytes; the mapping covers two pages. The store into page 1 (wholly past
  // EOF) must take SIGBUS; say the kernel lets it land (tmpfs huge=always does) and that
  // is known. Extending the file over it then shows its bytes: still a data mismatch
  // (the extend must read zero), named as a store past EOF; the part of the store below
  // EOF is file data from then on, not a mismatch.
  Program p = Prog(100, {Seq(Mmap(0, 0, 2 * K4)), Seq(TouchW(0, 50, K4 + 50)), Seq(Truncate(2 * K4)),
                         Seq(Read(0, 2 * K4))});
  auto known = [](Finding& f) { return f.cls == FindingClass::kMissingSigbus; };
  auto head = Cat(Pat(kSeed, kSrcInit, 0, 50), Pat(kSeed, 2, 50, 50));  // [0, 100): init, then the store
  auto zero_tail = Cat(head, std::vector<uint8_t>(2 * K4 - 100, 0));
  auto exposed = Cat(Cat(head, std::vector<uint8_t>(K4 - 100, 0)),
                     Cat(Pat(kSeed, 2, K4, 100), std::vector<uint8_t>(K4 - 100, 0)));
  auto trace = [&](const std::vector<uint8_t>& read) {
    return MakeTrace({One(Ok(1)), One(Ok(2, K4 + 50)), One(Ok(3), 2 * K4), One(Ok(4, 2 * K4, read))});
  };
  Verdict ok = Check(p, trace(zero_tail), known);
  ASSERT_EQ(ok.findings.size(), 1u);
  EXPECT_EQ(ok.findings[0].cls, FindingClass::kMissingSigbus);
  Verdict v = Check(p, trace(exposed), known);
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_EQ(v.findings[1].cls, FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[1].detail.find("op #2's touch_write data stored past EOF; zeros was due"), std::string::npos)
      << v.findings[1].detail;
  // The same store through a private mapping makes a private copy of the page, which
  // the mapping keeps when the file grows over it: loading it back shows the store.
  Program q = Prog(100, {Seq(Mmap(0, 0, 2 * K4, MapMode::kPrivate)), Seq(TouchW(0, K4, 100)),
                         Seq(Truncate(2 * K4)), Seq(TouchR(0, K4, 100))});
  auto priv = [&](const std::vector<uint8_t>& load) {
    return Check(q, MakeTrace({One(Ok(1)), One(Ok(2, 100)), One(Ok(3), 2 * K4), One(Ok(4, 100, load))}), known);
  };
  Verdict pv = priv(Pat(kSeed, 2, K4, 100));
  ASSERT_EQ(pv.findings.size(), 1u) << pv.findings.back().detail;
  EXPECT_EQ(pv.findings[0].cls, FindingClass::kMissingSigbus);
  Verdict pz = priv(std::vector<uint8_t>(100, 0));
  ASSERT_EQ(pz.findings.size(), 2u);
  EXPECT_EQ(pz.findings[1].cls, FindingClass::kDataMismatch);
}

TEST(CheckerKnown, AKnownMissingSigbusCopyIsModelledAndNamedWhenItSurfaces) {
  // read(2) of [0, 2K) into m0+8K, a page wholly past EOF (6K): the copy must stop there;
  // say it does not and that is known (tmpfs huge=always). Extending the file over those
  // bytes then shows them: a data mismatch named as bytes stored past EOF (tmpfs sweep
  // 2026-12-07: an O_DIRECT read into the mapping, then an O_DIRECT write far beyond).
  const uint64_t sz = K4 + K4 / 2;
  Program p = Prog(sz, {Seq(Mmap(0, 0, 4 * K4)), Seq(WithMapBuf(Read(0, K4 / 2), 0, 2 * K4)), Seq(Truncate(3 * K4)),
                        Seq(Read(2 * K4, K4 / 2))});
  auto known = [](Finding& f) { return f.cls == FindingClass::kMissingSigbus; };
  auto init = Pat(kSeed, kSrcInit, 0, sz);
  auto trace = [&](const std::vector<uint8_t>& read) {
    StepRecord copy = One(Ok(2, K4 / 2, std::vector<uint8_t>(init.begin(), init.begin() + K4 / 2)), sz);
    copy.settle.push_back(Obs(View::kBuffered, 0, sz, init));
    return MakeTrace({One(Ok(1)), copy, One(Ok(3), 3 * K4), One(Ok(4, K4 / 2, read))});
  };
  Verdict ok = Check(p, trace(std::vector<uint8_t>(K4 / 2, 0)), known);
  ASSERT_EQ(ok.findings.size(), 1u) << ok.findings.back().detail;
  EXPECT_EQ(ok.findings[0].cls, FindingClass::kMissingSigbus);
  Verdict v = Check(p, trace(std::vector<uint8_t>(init.begin(), init.begin() + K4 / 2)), known);
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_EQ(v.findings[1].cls, FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[1].detail.find("stored past EOF; zeros was due"), std::string::npos) << v.findings[1].detail;
}

TEST(CheckerKnown, AKnownMissingSigbusStoreInARoundIsNamedWhenItSurfaces) {
  // As above, the store past EOF in a round (beside a read): its bytes, exposed when the
  // file grows over them, are a data mismatch named as a store past EOF.
  Program p = Prog(100, {Seq(Mmap(0, 0, 2 * K4)), Round({TouchW(0, K4, 100), Read(0, 50)}), Seq(Truncate(2 * K4)),
                         Seq(Read(K4, 100))});
  auto known = [](Finding& f) { return f.cls == FindingClass::kMissingSigbus; };
  auto trace = [&](const std::vector<uint8_t>& read) {
    return MakeTrace({One(Ok(1)), RoundRec({Ok(2, 100), Ok(3, 50, Pat(kSeed, kSrcInit, 0, 50))}, 100, {}),
                      One(Ok(4), 2 * K4), One(Ok(5, 100, read))});
  };
  Verdict ok = Check(p, trace(std::vector<uint8_t>(100, 0)), known);
  ASSERT_EQ(ok.findings.size(), 1u) << ok.findings.back().detail;
  EXPECT_EQ(ok.findings[0].cls, FindingClass::kMissingSigbus);
  Verdict v = Check(p, trace(Pat(kSeed, 2, K4, 100)), known);
  ASSERT_EQ(v.findings.size(), 2u);
  EXPECT_NE(v.findings[1].detail.find("op #2's touch_write data stored past EOF; zeros was due"), std::string::npos)
      << v.findings[1].detail;
}

TEST(CheckerKnown, AStoreThatRacedATruncateBelowItIsNamedAsPastEofWhenItSurfaces) {
  // round { touch_write m0 [4K, 4K+100); truncate 100 }: the store came before the
  // truncate (which then wiped it) or after it, into a page wholly past EOF, where it must
  // take SIGBUS; the store finished without one. Extending the file over it must read
  // zeros; its bytes there are a data mismatch, named as a store past EOF (tmpfs
  // huge=always lets such stores land: a sweep on 2026-12-07 saw them surface).
  Program p = Prog(2 * K4, {Seq(Mmap(0, 0, 2 * K4)), Round({TouchW(0, K4, 100), Truncate(100)}),
                            Seq(Truncate(2 * K4)), Seq(Read(K4, 100))});
  auto trace = [&](const std::vector<uint8_t>& read) {
    return MakeTrace({One(Ok(1)),
                      RoundRec({Ok(2, 100), Ok(3)}, 100, {Obs(View::kBuffered, 0, 100, Pat(kSeed, kSrcInit, 0, 100))}),
                      One(Ok(4), 2 * K4), One(Ok(5, 100, read))});
  };
  Verdict ok = Check(p, trace(std::vector<uint8_t>(100, 0)));
  EXPECT_TRUE(ok.findings.empty()) << ok.findings.back().detail;
  Verdict v = Check(p, trace(Pat(kSeed, 2, K4, 100)));
  ASSERT_EQ(v.findings.size(), 1u) << StatusName(v.status) << " " << v.inconclusive_reason;
  EXPECT_EQ(v.findings[0].cls, FindingClass::kDataMismatch);
  EXPECT_NE(v.findings[0].detail.find("op #2's touch_write data stored past EOF; zeros was due"), std::string::npos)
      << v.findings[0].detail;
}

TEST(CheckerRound, ReadIntoAMappingWhoseReadBackATruncateCutIsCheckedAsFarAsItGot) {
  // round { dread [0, 8K) into m0+8K; truncate 12K }: the executor reads [8K, 16K) of the
  // mapping back after the read, and the truncate may have cut [12K, 16K) by then. The
  // 4K it got are the read's bytes and are checked (ext4 sweep 2026-12-07 left such
  // programs inconclusive); a read-back cut anywhere the step does not explain is not.
  Program p = Prog(4 * K4, {Seq(Mmap(0, 0, 4 * K4)), Round({WithMapBuf(DRead(0, 2 * K4), 0, 2 * K4), Truncate(3 * K4)})});
  auto init = Pat(kSeed, kSrcInit, 0, 4 * K4);
  auto trace = [&](std::vector<uint8_t> got, std::vector<Observation> settle) {
    OpRecord rd = Ok(2, 2 * K4, std::move(got));
    rd.sigbus = true;
    return MakeTrace({One(Ok(1)), RoundRec({rd, Ok(3)}, 3 * K4, std::move(settle))});
  };
  // [8K, 12K) of the file now holds what the read put there: [0, 4K).
  auto after = Cat(Pat(kSeed, kSrcInit, 0, 2 * K4), Pat(kSeed, kSrcInit, 0, K4));
  std::vector<uint8_t> good(init.begin(), init.begin() + K4);
  Verdict v = Check(p, trace(good, {Obs(View::kBuffered, 0, 3 * K4, after)}));
  EXPECT_TRUE(v.ok()) << v.inconclusive_reason << (v.findings.empty() ? "" : v.findings[0].detail);
  EXPECT_EQ(v.signals.count("map-read-back-cut"), 1u);
  auto bad = good;
  bad[10] ^= 0xff;
  Verdict b = Check(p, trace(bad, {Obs(View::kBuffered, 0, 3 * K4, after)}));
  ASSERT_EQ(FirstClass(b), FindingClass::kDataMismatch) << b.inconclusive_reason;
  // Cut below the step's smallest EOF page: not the truncate's doing, so not checked.
  Verdict c = Check(p, trace(std::vector<uint8_t>(), {Obs(View::kBuffered, 0, 3 * K4, after)}));
  EXPECT_EQ(c.status, Verdict::Status::kInconclusive);
}

TEST(CheckerFinding, SignatureIsStableForTheSameBug) {
  Program p1 = Prog(2 * K4, {Seq(Write(100, 50)), Seq(Read(0, 200))});
  Program p2 = Prog(2 * K4, {Seq(Write(300, 20)), Seq(Read(300, 20))}, 99);
  Verdict v1 = Check(p1, MakeTrace({One(Ok(1, 50), 2 * K4), One(Ok(2, 200, Pat(kSeed, kSrcInit, 0, 200)))}));
  Verdict v2 = Check(p2, MakeTrace({One(Ok(1, 20), 2 * K4), One(Ok(2, 20, Pat(99, kSrcInit, 300, 20)))}));
  ASSERT_FALSE(v1.findings.empty());
  ASSERT_FALSE(v2.findings.empty());
  EXPECT_EQ(v1.findings[0].title, "data mismatch in read vs write on test");
  EXPECT_EQ(v1.findings[0].Signature(), v2.findings[0].Signature());
}

}  // namespace
}  // namespace fsfuzz
