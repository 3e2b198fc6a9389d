// The POSIX backend on a real directory (/tmp, and a tmpfs of its own when root): every op
// kind, the env probe, O_DIRECT from an overlapping mapping, and the safety rules.
#include "src/fsfuzz/exec/posix_backend.h"

#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>

#include <gtest/gtest.h>

#include "src/fsfuzz/exec/exec_test_util.h"
#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/exec/page_table_probe.h"

namespace fsfuzz {
namespace {

using namespace fsfuzz::testing;  // NOLINT

constexpr uint64_t kSeed = 7;

// A program with every op kind. Op ids are listed; the test checks each record.
Program EveryOp() {
  return SeqProg(64 * K, kSeed,
                 {
                     Write(0, 4 * K),                                   // 1
                     Read(0, 4 * K),                                    // 2
                     DWrite(8 * K, 4 * K),                              // 3
                     DRead(8 * K, 4 * K),                               // 4
                     Mmap(0, 0, 64 * K),                                // 5
                     TouchWrite(0, 16 * K, 100),                        // 6
                     TouchRead(0, 16 * K, 100),                         // 7
                     Mmap(1, 0, 16 * K, MapMode::kAuxShared),           // 8
                     TouchRead(1, 0, 16 * K),                           // 9: aux is 8K: SIGBUS
                     Write(20 * K, 4 * K, InSlot(1)),                   // 10: aux bytes
                     Read(20 * K, 4 * K, InSlot(0, 40 * K)),            // 11: into m0
                     Truncate(30000),                                   // 12
                     TouchRead(0, 32 * K, 1),                           // 13: page past EOF
                     Fallocate(40 * K, 4 * K, FallocMode::kAlloc),      // 14: size 44K
                     Fallocate(0, 4 * K, FallocMode::kPunch),           // 15
                     Fallocate(4 * K, 4 * K, FallocMode::kZero),        // 16
                     Fallocate(8 * K, 4 * K, FallocMode::kZeroKeep),    // 17
                     Fallocate(60 * K, 4 * K, FallocMode::kKeep),       // 18
                     Bare(OpKind::kFsync),                              // 19
                     Bare(OpKind::kFdatasync),                          // 20
                     Msync(0, 0, 16 * K, MsyncMode::kSync),             // 21
                     Msync(0, 0, 16 * K, MsyncMode::kAsync),            // 22
                     Msync(0, 0, 16 * K, MsyncMode::kInvalidate),       // 23
                     Madvise(0, 0, 16 * K, MadviseMode::kDontneed),     // 24
                     Madvise(0, 0, 16 * K, MadviseMode::kPageout),      // 25
                     Madvise(0, 0, 16 * K, MadviseMode::kCold),         // 26
                     Madvise(0, 0, 16 * K, MadviseMode::kWillneed),     // 27
                     Evict(EvictMode::kFadvise),                        // 28
                     Evict(EvictMode::kDrop),                           // 29
                     Bare(OpKind::kRemount),                            // 30
                     TouchRead(0, 16 * K, 100),                         // 31: after remount
                     Munmap(1),                                         // 32
                     Bare(OpKind::kCheck),                              // 33
                 },
                 8 * K);
}

void CheckEveryOp(PosixBackend& b, bool with_hook) {
  const Program p = EveryOp();
  ASSERT_TRUE(Validate(p).empty()) << Validate(p)[0].message;
  OpRecord drain;
  std::vector<OpRecord> r = RunDirect(b, p, &drain);
  ASSERT_EQ(r.size(), 33u);
  auto ok = [&](int id) {
    const OpRecord& x = r[id - 1];
    EXPECT_GE(x.ret, 0) << "op #" << id << " errno " << x.err << " " << x.note;
    EXPECT_FALSE(x.sigbus) << "op #" << id;
  };
  ok(1);
  EXPECT_EQ(r[0].ret, 4096);
  EXPECT_EQ(r[1].data, Pat(kSeed, 1, 0, 4 * K));
  EXPECT_EQ(r[2].ret, 4096) << r[2].err;
  EXPECT_EQ(r[3].data, Pat(kSeed, 3, 8 * K, 4 * K));
  ok(5);
  EXPECT_EQ(r[5].ret, 100);
  EXPECT_EQ(r[6].data, Pat(kSeed, 6, 16 * K, 100));
  ok(8);
  EXPECT_EQ(r[8].ret, static_cast<int64_t>(8 * K));
  EXPECT_TRUE(r[8].sigbus);
  EXPECT_EQ(r[8].data, Pat(kSeed, kSrcAux, 0, 8 * K));
  EXPECT_EQ(r[9].ret, 4096);
  EXPECT_EQ(r[10].ret, 4096);
  EXPECT_EQ(r[10].data, Pat(kSeed, kSrcAux, 0, 4 * K));  // what op 10 wrote at 20K
  ok(12);
  EXPECT_EQ(r[12].ret, 0);
  EXPECT_TRUE(r[12].sigbus);
  for (int id = 14; id <= 28; ++id) {
    // tmpfs has no FALLOC_FL_ZERO_RANGE.
    const bool zero = id == 16 || id == 17;
    if (zero && r[id - 1].ret < 0 && r[id - 1].err == EOPNOTSUPP && b.env().fs == "tmpfs") continue;
    ok(id);
  }
  if (b.env().can_drop_caches) {
    ok(29);
    EXPECT_FALSE(r[28].skipped);
  } else {
    EXPECT_TRUE(r[28].skipped);
    EXPECT_FALSE(r[28].note.empty());
  }
  if (with_hook) {
    ok(30);
    EXPECT_FALSE(r[29].skipped) << r[29].note;
    ok(31);
    EXPECT_EQ(r[30].data, Pat(kSeed, 6, 16 * K, 100));  // m0 re-established, data kept
  } else {
    EXPECT_TRUE(r[29].skipped);
    EXPECT_NE(r[29].note.find("remount"), std::string::npos);
  }
  ok(32);
  ok(33);
  EXPECT_EQ(drain.ret, 0) << drain.err;
  Result<uint64_t> size = b.Size();
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 44 * K);
}

TEST(PosixBackend, EveryOpKindOnTmp) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixBackend b(d.path());
  ASSERT_TRUE(b.status().ok()) << b.status().ToString();
  EXPECT_EQ(b.env().backend, "posix");
  EXPECT_NE(b.env().fs, "unknown");
  EXPECT_NE(b.env().kernel, "");
  EXPECT_FALSE(b.env().can_remount);
  CheckEveryOp(b, false);
}

TEST(PosixBackend, RemountHookUnmapsClosesAndReestablishes) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixBackend b(d.path());
  ASSERT_TRUE(b.status().ok());
  int calls = 0;
  b.SetRemountHook([&] {
    ++calls;
    return Status::Ok();
  });
  EXPECT_TRUE(b.env().can_remount);
  CheckEveryOp(b, true);
  EXPECT_EQ(calls, 1);
}

TEST(PosixBackend, EveryOpKindOnOwnTmpfs) {
  TmpfsMount m;
  if (!m.mounted()) GTEST_SKIP() << m.skip_reason();
  {
    PosixBackend b(m.path());
    ASSERT_TRUE(b.status().ok()) << b.status().ToString();
    EXPECT_EQ(b.env().fs, "tmpfs");
    EXPECT_TRUE(b.env().dio_supported);
    CheckEveryOp(b, false);
  }
}

TEST(PosixBackend, ProbesTheFilesystemOfTmp) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixOptions o;
  o.variant = "v1";
  PosixBackend b(d.path(), o);
  const Env& e = b.env();
  struct statfs sfs;
  ASSERT_EQ(statfs(d.path().c_str(), &sfs), 0);
  EXPECT_EQ(e.block_size, static_cast<uint64_t>(sfs.f_bsize));
  EXPECT_EQ(e.page_size, static_cast<uint64_t>(sysconf(_SC_PAGESIZE)));
  EXPECT_EQ(e.root, geteuid() == 0);
  EXPECT_EQ(e.variant, "v1");
  if (sfs.f_type == 0xEF53) {
    EXPECT_TRUE(e.fs == "ext2" || e.fs == "ext3" || e.fs == "ext4") << e.fs;
  }
  if (!e.can_drop_caches) {
    EXPECT_FALSE(e.skipped.empty());
  }
  EXPECT_FALSE(e.mount_options.empty());
}

TEST(PosixBackend, WithoutDirectEveryDioOpIsEinval) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixOptions o;
  o.direct = false;
  PosixBackend b(d.path(), o);
  EXPECT_FALSE(b.env().dio_supported);
  std::vector<OpRecord> r = RunDirect(b, SeqProg(8 * K, 1, {DWrite(0, 4 * K), DRead(0, 4 * K)}));
  ASSERT_EQ(r.size(), 2u);
  for (const OpRecord& x : r) {
    EXPECT_EQ(x.ret, -1);
    EXPECT_EQ(x.err, EINVAL);
  }
}

TEST(PosixBackend, RefusesASymlinkedDirectory) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  const std::string link = d.path() + "/link";
  ASSERT_EQ(mkdir((d.path() + "/real").c_str(), 0700), 0);
  ASSERT_EQ(symlink((d.path() + "/real").c_str(), link.c_str()), 0);
  auto b = PosixBackend::Create(link);
  EXPECT_FALSE(b.ok());
  EXPECT_EQ(b.status().kind(), ErrorKind::kUsage);
  EXPECT_FALSE(PosixBackend::Create(d.path() + "/missing").ok());
  // A planted symlink in place of the data file is not followed.
  ASSERT_EQ(symlink("/etc/passwd", (d.path() + "/real/fsfuzz.data").c_str()), 0);
  EXPECT_FALSE(PosixBackend::Create(d.path() + "/real").ok());
}

TEST(PosixBackend, ResetWritesInitialContentsSparseAndAux) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixBackend b(d.path());
  Program p = SeqProg(10000, 5, {Read(0, 16 * K), Mmap(0, 0, 8 * K, MapMode::kAuxPrivate), TouchRead(0, 0, 8 * K)}, 6000);
  std::vector<OpRecord> r = RunDirect(b, p);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].data, Pat(5, kSrcInit, 0, 10000));
  EXPECT_EQ(r[2].ret, static_cast<int64_t>(8 * K));
  EXPECT_EQ(Slice(r[2].data, 0, 6000), Pat(5, kSrcAux, 0, 6000));
  EXPECT_EQ(Slice(r[2].data, 6000, 8 * K - 6000), Zeros(8 * K - 6000));
  p.header.sparse = true;
  r = RunDirect(b, p);
  EXPECT_EQ(r[0].data, Zeros(10000));
}

TEST(PosixBackend, DirectIoFromAnOverlappingMappingCompletes) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixBackend b(d.path());
  if (!b.env().dio_supported) GTEST_SKIP() << "no O_DIRECT here";
  const Program p = SeqProg(128 * K, 3,
                            {
                                Mmap(0, 0, 128 * K),
                                DWrite(0, 64 * K, InSlot(0, 4 * K)),  // source overlaps target
                                DWrite(8 * K, 16 * K, InSlot(0, 0)),
                                DRead(0, 64 * K, InSlot(0, 32 * K)),  // into the range read
                                Read(0, 64 * K, InSlot(0, 4 * K)),
                            });
  std::vector<OpRecord> r = RunDirect(b, p);
  ASSERT_EQ(r.size(), 5u);
  for (const OpRecord& x : r) EXPECT_TRUE(x.ret >= 0 || x.err == EIO) << x.err;
  EXPECT_EQ(r[1].ret, static_cast<int64_t>(64 * K));
}

// Every way of reading a mapping for a check (PosixOptions::view_reads) sees the same
// bytes and stops at the same page past EOF.
class PosixViewReads : public ::testing::TestWithParam<ViewReads> {};

TEST_P(PosixViewReads, ObserveViewsAgreeAndProbePastEof) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixOptions o;
  o.view_reads = GetParam();
  PosixBackend b(d.path(), o);
  ASSERT_TRUE(b.Reset(Header{10000, 2, 0, false}).ok());
  OpRecord rec;
  b.Run(Mmap(3, 0, 16 * K), 1, rec);
  ASSERT_EQ(rec.ret, 0);
  Observation buf, dio, slot, probe, across;
  b.Observe(View::kBuffered, 0, 0, 10001, buf);
  EXPECT_EQ(buf.ret, 10000);
  b.Observe(View::kDirect, 0, 0, 12 * K, dio);
  EXPECT_EQ(dio.ret, 10000);
  EXPECT_EQ(dio.data, buf.data);
  b.Observe(View::kSlot, 3, 0, 12 * K, slot);
  EXPECT_EQ(slot.ret, static_cast<int64_t>(12 * K));
  EXPECT_FALSE(slot.sigbus);
  EXPECT_EQ(Slice(slot.data, 0, 10000), buf.data);
  b.Observe(View::kSlot, 3, 12 * K, 1, probe);
  EXPECT_TRUE(probe.sigbus);
  EXPECT_EQ(probe.ret, 0);
  b.Observe(View::kSlot, 3, 8 * K, 8 * K, across);  // the EOF page, then a page past it
  EXPECT_TRUE(across.sigbus);
  EXPECT_EQ(across.ret, static_cast<int64_t>(4 * K));
  EXPECT_TRUE(b.ViewEquals(View::kSlot, 3, 0, 10000, buf.data.data(), 10000));
  std::vector<uint8_t> other(buf.data.begin(), buf.data.end());
  other[5000] ^= 0xff;
  EXPECT_FALSE(b.ViewEquals(View::kSlot, 3, 0, 10000, other.data(), 10000));
  std::vector<uint8_t> longer(16 * K, 0);
  EXPECT_FALSE(b.ViewEquals(View::kSlot, 3, 0, 16 * K, longer.data(), 16 * K));  // runs past EOF
  OpRecord drain;
  b.Finish(drain);
  EXPECT_EQ(drain.ret, 0);
}

// A check at rest compares only the pages the mapping has in the page tables (mapped,
// kernel): any other page would fault in the folio the buffered view has just read. So a
// page with different bytes in the reference but not mapped passes, stays unmapped, and a
// mapped one still fails; `loads` faults in and compares every page.
TEST_P(PosixViewReads, ACheckComparesThePagesInThePageTablesOrAllWithLoads) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixOptions o;
  o.view_reads = GetParam();
  PosixBackend b(d.path(), o);
  ASSERT_TRUE(b.Reset(Header{16 * K, 2, 0, false}).ok());
  OpRecord rec;
  b.Run(Mmap(3, 0, 16 * K), 1, rec);
  ASSERT_EQ(rec.ret, 0);
  b.Run(TouchRead(3, 0, 16 * K), 2, rec);  // all four pages mapped
  ASSERT_EQ(rec.ret, static_cast<int64_t>(16 * K));
  b.Run(Madvise(3, 8 * K, 4 * K, MadviseMode::kDontneed), 3, rec);  // page 2 unmapped again
  ASSERT_EQ(rec.ret, 0);
  PageTableProbe probe;
  std::vector<bool> present;
  ASSERT_TRUE(probe.Present(b.SlotAddress(3), 16 * K, present));
  ASSERT_EQ(present, (std::vector<bool>{true, true, false, true}));
  Observation buf;
  b.Observe(View::kBuffered, 0, 0, 16 * K, buf);
  ASSERT_EQ(buf.ret, static_cast<int64_t>(16 * K));
  std::vector<uint8_t> in_unmapped(buf.data.begin(), buf.data.end());
  in_unmapped[8 * K + 100] ^= 0xff;
  const bool loads = GetParam() == ViewReads::kLoads;
  EXPECT_EQ(b.ViewEquals(View::kSlot, 3, 0, 16 * K, in_unmapped.data(), 16 * K), !loads);
  ASSERT_TRUE(probe.Present(b.SlotAddress(3), 16 * K, present));
  EXPECT_EQ(present[2], loads) << "only loads fault the page in";
  std::vector<uint8_t> in_mapped(buf.data.begin(), buf.data.end());
  in_mapped[12 * K + 5] ^= 0xff;
  EXPECT_FALSE(b.ViewEquals(View::kSlot, 3, 0, 16 * K, in_mapped.data(), 16 * K));
  // A range starting and ending inside pages compares its own bytes of the mapped pages.
  EXPECT_FALSE(b.ViewEquals(View::kSlot, 3, 12 * K + 1, 3 * K, in_mapped.data() + 12 * K + 1, 3 * K));
  EXPECT_TRUE(b.ViewEquals(View::kSlot, 3, 12 * K + 6, 3 * K, in_mapped.data() + 12 * K + 6, 3 * K));
  OpRecord drain;
  b.Finish(drain);
  EXPECT_EQ(drain.ret, 0);
}

INSTANTIATE_TEST_SUITE_P(All, PosixViewReads,
                         ::testing::Values(ViewReads::kMapped, ViewReads::kLoads, ViewReads::kKernel),
                         [](const auto& p) {
                           std::string n(ViewReadsName(p.param));
                           n[0] = static_cast<char>(std::toupper(n[0]));
                           return n;
                         });

// A forked lane must read its own address space, not the one of the process that opened
// /proc/self/mem first.
TEST(PosixBackend, KernelViewReadsInAForkedChildReadTheChildsMemory) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  PosixOptions o;
  o.view_reads = ViewReads::kKernel;
  PosixBackend b(d.path(), o);
  ASSERT_TRUE(b.Reset(Header{16 * K, 2, 0, false}).ok());
  OpRecord rec;
  b.Run(Mmap(3, 0, 16 * K), 1, rec);
  ASSERT_EQ(rec.ret, 0);
  Observation first;
  b.Observe(View::kSlot, 3, 0, 100, first);  // opens /proc/self/mem in the parent
  ASSERT_EQ(first.ret, 100);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // A private mapping only the child has, with a store only the child made.
    OpRecord r;
    b.Run(Mmap(4, 0, 4 * K, MapMode::kPrivate), 2, r);
    if (r.ret != 0) _exit(2);
    b.Run(TouchWrite(4, 0, 100), 3, r);
    if (r.ret != 100) _exit(3);
    Observation mine;
    b.Observe(View::kSlot, 4, 0, 100, mine);
    if (mine.ret != 100 || mine.sigbus) _exit(4);
    _exit(mine.data == first.data ? 5 : 0);  // the store shows: the child's own page
  }
  int st = 0;
  ASSERT_EQ(waitpid(pid, &st, 0), pid);
  ASSERT_TRUE(WIFEXITED(st));
  EXPECT_EQ(WEXITSTATUS(st), 0);
}

// Not a correctness test: prints the single-thread throughput of the fsx-like mix the
// benchmark compares with fsx (4 KiB O_DIRECT writes/reads, mapped reads/writes,
// truncates), with checking off.
TEST(PosixBackend, ThroughputOfTheFsxMix) {
  TmpfsMount m;
  TempDir fallback;
  const std::string dir = m.mounted() ? m.path() : fallback.path();
  PosixBackend b(dir);
  ASSERT_TRUE(b.status().ok());
  std::vector<Step> steps;
  steps.push_back(Seq(Mmap(0, 0, 1024 * K)));
  for (int i = 0; i < 5000; ++i) {
    const uint64_t off = static_cast<uint64_t>((i * 37) % 250) * 4 * K;
    switch (i % 5) {
      case 0: steps.push_back(Seq(DWrite(off, 4 * K))); break;
      case 1: steps.push_back(Seq(DRead(off, 4 * K))); break;
      case 2: steps.push_back(Seq(TouchWrite(0, off, 4 * K))); break;
      case 3: steps.push_back(Seq(TouchRead(0, off, 4 * K))); break;
      case 4: steps.push_back(Seq(Truncate(i % 2 ? 1024 * K : 1000 * K))); break;
    }
  }
  const Program p = Prog(1024 * K, 1, steps);
  for (bool observe : {false, true}) {
    ExecOptions o;
    o.observe = observe;
    Executor ex(b, o);
    ASSERT_TRUE(ex.Run(p).ok());  // warm-up
    const auto t0 = std::chrono::steady_clock::now();
    const int reps = 4;
    for (int i = 0; i < reps; ++i) ASSERT_TRUE(ex.Run(p).ok());
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double ops = reps * static_cast<double>(p.NumOps()) / s;
    std::printf("[ perf ] %s, observe=%d: %.0f ops/s\n", b.env().fs.c_str(), observe, ops);
    RecordProperty(observe ? "ops_per_s_observe" : "ops_per_s", static_cast<int>(ops));
  }
}

}  // namespace
}  // namespace fsfuzz
