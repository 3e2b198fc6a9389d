// The simulated backend: correct-kernel behaviour, overlap and alignment options, and every
// bug observably changing the trace of its demo program.
#include "src/fsfuzz/exec/sim_backend.h"

#include <cerrno>
#include <thread>

#include <gtest/gtest.h>

#include "src/fsfuzz/exec/exec_test_util.h"
#include "src/fsfuzz/exec/executor.h"
#include "src/fsfuzz/exec/sim_bug_demos.h"

namespace fsfuzz {
namespace {

using namespace fsfuzz::testing;  // NOLINT

SimOptions WithBug(SimBug b) {
  SimOptions o;
  o.bugs.insert(b);
  return o;
}

// Runs a program through the executor (observing), releasing dio-map-hang via the watchdog.
Trace RunSim(SimBackend& sim, const Program& p) {
  ExecOptions o;
  o.deadline = std::chrono::milliseconds(100);
  o.exit_on_hang = false;
  o.on_hang = [&sim](const HangReport&) { sim.ReleaseHangs(); };
  Executor ex(sim, o);
  Result<Trace> t = ex.Run(p);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? Untimed(*t) : Trace{};
}

TEST(SimBugs, TableNamesAndLookup) {
  for (int i = 0; i < kNumSimBugs; ++i) {
    const SimBugInfo& info = SimBugTable()[i];
    SimBug b;
    ASSERT_TRUE(SimBugFromName(info.name, &b)) << info.name;
    EXPECT_EQ(b, info.bug);
    EXPECT_EQ(SimBugName(b), info.name);
    EXPECT_FALSE(info.description.empty());
  }
  SimBug b;
  EXPECT_FALSE(SimBugFromName("no-such-bug", &b));
}

TEST(SimBugs, EveryDemoIsValid) {
  for (int i = 0; i < kNumSimBugs; ++i) {
    const Program p = SimBugDemo(SimBugTable()[i].bug);
    auto errs = Validate(p);
    EXPECT_TRUE(errs.empty()) << SimBugTable()[i].name << ": " << errs[0].message;
  }
}

// Each bug changes its demo's trace; the bug-free sim's trace is what a correct kernel does.
TEST(SimBugs, EveryBugObservablyChangesItsDemoTrace) {
  for (int i = 0; i < kNumSimBugs; ++i) {
    const SimBug bug = SimBugTable()[i].bug;
    SCOPED_TRACE(std::string(SimBugTable()[i].name));
    const Program p = SimBugDemo(bug);
    SimBackend good_sim, bad_sim(WithBug(bug));
    const Trace good = RunSim(good_sim, p), bad = RunSim(bad_sim, p);
    EXPECT_TRUE(good.complete) << good.stop_reason;
    EXPECT_NE(good.steps, bad.steps);
    auto op = [](const Trace& t, size_t step) -> const OpRecord& { return t.steps.at(step).ops.at(0); };
    switch (bug) {
      case SimBug::kStalePage:
        EXPECT_EQ(op(good, 2).data, Pat(1, 2, 0, 4 * K));
        EXPECT_EQ(op(bad, 2).data, Pat(1, kSrcInit, 0, 4 * K));
        break;
      case SimBug::kLostWrite:
        EXPECT_EQ(op(good, 2).data, Pat(1, 2, 0, 4 * K));
        EXPECT_EQ(op(bad, 1).ret, static_cast<int64_t>(4 * K));
        EXPECT_EQ(op(bad, 2).data, Pat(1, kSrcInit, 0, 4 * K));
        break;
      case SimBug::kExtendNoZero: {
        const Bytes& g = op(good, 4).data;
        const Bytes& b = op(bad, 4).data;
        EXPECT_EQ(Slice(g, 6144, 16 * K - 6144), Zeros(16 * K - 6144));
        EXPECT_EQ(Slice(b, 7000, 100), Pat(1, 3, 7000, 100));               // junk re-exposed
        EXPECT_EQ(Slice(b, 8 * K, 8 * K), Pat(1, kSrcInit, 8 * K, 8 * K));  // old data too
        break;
      }
      case SimBug::kTornWrite:
        EXPECT_EQ(op(good, 1).data, Pat(1, 1, 0, 8 * K));
        EXPECT_EQ(op(bad, 0).ret, static_cast<int64_t>(8 * K));
        EXPECT_EQ(Slice(op(bad, 1).data, 4 * K, 4 * K), Pat(1, kSrcInit, 4 * K, 4 * K));
        break;
      case SimBug::kMissingSigbus:
        EXPECT_TRUE(op(good, 1).sigbus);
        EXPECT_EQ(op(good, 1).ret, 0);
        EXPECT_FALSE(op(bad, 1).sigbus);
        EXPECT_EQ(op(bad, 1).data, Zeros(1));
        break;
      case SimBug::kWrongSize:
        EXPECT_EQ(good.steps[0].size, std::optional<uint64_t>(4196));
        EXPECT_EQ(bad.steps[0].size, std::optional<uint64_t>(8192));
        break;
      case SimBug::kDioMapHang:
        EXPECT_FALSE(bad.complete);
        EXPECT_EQ(bad.stop_reason, "hang");
        break;
      case SimBug::kSpuriousSigbus:
        EXPECT_FALSE(op(good, 1).sigbus);
        EXPECT_TRUE(op(bad, 1).sigbus);
        break;
      case SimBug::kDioEinval:
        EXPECT_EQ(op(good, 0).ret, static_cast<int64_t>(4 * K));
        EXPECT_EQ(op(bad, 0).ret, -1);
        EXPECT_EQ(op(bad, 0).err, EINVAL);
        break;
      case SimBug::kEvictDropsDirty:
        EXPECT_EQ(op(good, 2).data, Pat(1, 1, 0, 4 * K));
        EXPECT_EQ(op(bad, 2).data, Pat(1, kSrcInit, 0, 4 * K));
        break;
    }
  }
}

TEST(SimBackend, DioMapHangBlocksUntilReleased) {
  SimBackend sim(WithBug(SimBug::kDioMapHang));
  const Program p = SimBugDemo(SimBug::kDioMapHang);
  ASSERT_TRUE(sim.Reset(p.header).ok());
  OpRecord r0, r1;
  sim.Run(p.steps[0].ops[0], 1, r0);
  std::thread t([&] { sim.Run(p.steps[1].ops[0], 2, r1); });
  while (sim.BlockedOps() == 0) std::this_thread::yield();
  EXPECT_EQ(sim.BlockedOps(), 1);
  sim.ReleaseHangs();
  t.join();
  EXPECT_EQ(r1.ret, static_cast<int64_t>(4 * K));
}

// dwrite off=4K len=12K buf=m0+0: the source lies one page behind its target.
Program OverlapBehind() {
  return SeqProg(32 * K, 1, {Mmap(0, 0, 32 * K), DWrite(4 * K, 12 * K, InSlot(0, 0)), Read(0, 32 * K)});
}

TEST(SimBackend, OverlapSnapshotCopiesTheSourceFirst) {
  SimBackend sim;
  std::vector<OpRecord> r = RunDirect(sim, OverlapBehind());
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].ret, static_cast<int64_t>(12 * K));
  EXPECT_EQ(Slice(r[2].data, 4 * K, 12 * K), Pat(1, kSrcInit, 0, 12 * K));
  EXPECT_EQ(sim.env().overlap_dwrite, "snapshot");
}

TEST(SimBackend, OverlapForwardReplicatesTheFirstPage) {
  SimOptions o;
  o.overlap = SimOverlap::kForward;
  SimBackend sim(o);
  std::vector<OpRecord> r = RunDirect(sim, OverlapBehind());
  ASSERT_EQ(r.size(), 3u);
  const std::vector<uint8_t> first = Pat(1, kSrcInit, 0, 4 * K);
  for (uint64_t pg = 1; pg <= 3; ++pg) EXPECT_EQ(Slice(r[2].data, pg * 4 * K, 4 * K), first) << pg;
  EXPECT_EQ(Slice(r[2].data, 16 * K, 16 * K), Pat(1, kSrcInit, 16 * K, 16 * K));
  EXPECT_EQ(sim.env().overlap_dwrite, "forward");
  // A source ahead of its target reads the old data either way (no replication).
  r = RunDirect(sim, SeqProg(32 * K, 1, {Mmap(0, 0, 32 * K), DWrite(0, 12 * K, InSlot(0, 4 * K)), Read(0, 16 * K)}));
  EXPECT_EQ(Slice(r[2].data, 0, 12 * K), Pat(1, kSrcInit, 4 * K, 12 * K));
}

TEST(SimBackend, BufferedCopiesWithinTheFileRunForwardByteWise) {
  SimBackend sim;
  // write [100, 400) from the file's own [0, 300): the kernel's forward copy repeats the
  // first 100 bytes; so does a read of [0, 300) into a mapping of [100, 400).
  for (const Op& copy : {Write(100, 300, InSlot(0, 0)), Read(0, 300, InSlot(0, 100))}) {
    std::vector<OpRecord> r = RunDirect(sim, SeqProg(16 * K, 1, {Mmap(0, 0, 16 * K), copy, Read(0, 400)}));
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[1].ret, 300);
    const std::vector<uint8_t> head = Pat(1, kSrcInit, 0, 100);
    for (int k = 0; k < 4; ++k) EXPECT_EQ(Slice(r[2].data, 100 * k, 100), head) << k;
  }
}

TEST(SimBackend, WritebackZeroesTheCachedTailPastEof) {
  SimBackend sim;
  const Program p = SeqProg(5000, 1, {Mmap(0, 0, 8 * K), TouchWrite(0, 6000, 10), TouchRead(0, 6000, 10),
                                      Bare(OpKind::kFsync), TouchRead(0, 6000, 10)});
  std::vector<OpRecord> r = RunDirect(sim, p);
  EXPECT_EQ(r[2].data, Pat(1, 2, 6000, 10));  // junk past EOF, visible until write-back
  EXPECT_EQ(r[4].data, Zeros(10));
}

TEST(SimBackend, MisalignedDirectIoIsEinvalOrBuffered) {
  const Program p = SeqProg(16 * K, 1, {DWrite(100, 4 * K), DRead(0, 4 * K, Heap(8)), Read(0, 8 * K)});
  SimBackend einval;
  std::vector<OpRecord> r = RunDirect(einval, p);
  EXPECT_EQ(r[0].ret, -1);
  EXPECT_EQ(r[0].err, EINVAL);
  EXPECT_EQ(r[1].err, EINVAL);
  EXPECT_EQ(r[2].data, Pat(1, kSrcInit, 0, 8 * K));
  SimOptions o;
  o.misaligned = SimMisaligned::kBuffered;
  SimBackend buffered(o);
  r = RunDirect(buffered, p);
  EXPECT_EQ(r[0].ret, static_cast<int64_t>(4 * K));
  EXPECT_EQ(r[1].data, Slice(r[2].data, 0, 4 * K));
  EXPECT_EQ(Slice(r[2].data, 100, 4 * K), Pat(1, 1, 100, 4 * K));
}

TEST(SimBackend, TruncateZeroesTheEofPageAndFaultsPastIt) {
  SimBackend sim;
  const Program p = SeqProg(16 * K, 1,
                            {
                                Mmap(0, 0, 16 * K),
                                Truncate(5000),
                                TouchWrite(0, 6000, 10),    // 3: junk in the EOF page, legal
                                TouchRead(0, 4 * K, 4 * K), // 4: sees the junk
                                TouchRead(0, 8 * K, 1),     // 5: SIGBUS
                                Truncate(12 * K),           // 6
                                Read(0, 12 * K),            // 7
                                TouchWrite(0, 12 * K, 1),   // 8: SIGBUS on store
                            });
  std::vector<OpRecord> r = RunDirect(sim, p);
  EXPECT_EQ(r[2].ret, 10);
  EXPECT_FALSE(r[2].sigbus);
  EXPECT_EQ(Slice(r[3].data, 6000 - 4 * K, 10), Pat(1, 3, 6000, 10));
  EXPECT_EQ(Slice(r[3].data, 5000 - 4 * K, 1000), Zeros(1000));
  EXPECT_TRUE(r[4].sigbus);
  EXPECT_EQ(r[4].ret, 0);
  EXPECT_EQ(Slice(r[6].data, 0, 5000), Pat(1, kSrcInit, 0, 5000));
  EXPECT_EQ(Slice(r[6].data, 5000, 12 * K - 5000), Zeros(12 * K - 5000));
  EXPECT_TRUE(r[7].sigbus);
}

TEST(SimBackend, BuffersPastEofFaultOrShortCount) {
  SimBackend sim;
  const Program p = SeqProg(6 * K, 1,
                            {
                                Mmap(0, 0, 16 * K),
                                Write(0, 8 * K, InSlot(0, 4 * K)),   // source reaches page 2: short
                                Write(0, 4 * K, InSlot(0, 8 * K)),   // first page faults: EFAULT
                                Read(0, 4 * K, InSlot(0, 12 * K)),   // destination past EOF
                                DWrite(0, 4 * K, InSlot(0, 8 * K)),
                            });
  std::vector<OpRecord> r = RunDirect(sim, p);
  EXPECT_EQ(r[1].ret, static_cast<int64_t>(4 * K));
  EXPECT_EQ(r[2].ret, -1);
  EXPECT_EQ(r[2].err, EFAULT);
  EXPECT_EQ(r[3].err, EFAULT);
  EXPECT_EQ(r[4].err, EFAULT);
}

TEST(SimBackend, PrivateMappingsCopyOnWrite) {
  SimBackend sim;
  const Program p = SeqProg(16 * K, 1,
                            {
                                Mmap(0, 0, 16 * K, MapMode::kPrivate),
                                TouchWrite(0, 0, 100),                          // 2: private
                                Read(0, 100),                                   // 3: file unchanged
                                TouchRead(0, 0, 100),                           // 4: own data
                                Write(4 * K, 100),                              // 5
                                TouchRead(0, 4 * K, 100),                       // 6: sees #5
                                Madvise(0, 0, 4 * K, MadviseMode::kDontneed),   // 7
                                TouchRead(0, 0, 100),                           // 8: file again
                            });
  std::vector<OpRecord> r = RunDirect(sim, p);
  EXPECT_EQ(r[2].data, Pat(1, kSrcInit, 0, 100));
  EXPECT_EQ(r[3].data, Pat(1, 2, 0, 100));
  EXPECT_EQ(r[5].data, Pat(1, 5, 4 * K, 100));
  EXPECT_EQ(r[7].data, Pat(1, kSrcInit, 0, 100));
}

TEST(SimBackend, DurabilityAcrossEvictAndRemount) {
  SimBackend sim;
  const Program p = SeqProg(16 * K, 1,
                            {
                                Mmap(0, 0, 16 * K),
                                TouchWrite(0, 0, 4 * K),
                                Write(4 * K, 4 * K),
                                Evict(EvictMode::kFadvise),
                                Bare(OpKind::kRemount),
                                Read(0, 8 * K),
                                DRead(0, 8 * K),
                            });
  std::vector<OpRecord> r = RunDirect(sim, p);
  std::vector<uint8_t> want = Pat(1, 2, 0, 4 * K);
  std::vector<uint8_t> w2 = Pat(1, 3, 4 * K, 4 * K);
  want.insert(want.end(), w2.begin(), w2.end());
  EXPECT_EQ(r[5].data, want);
  EXPECT_EQ(r[6].data, want);
  EXPECT_TRUE(sim.env().can_remount);
  EXPECT_TRUE(sim.env().can_drop_caches);
  EXPECT_EQ(sim.env().fs, "sim");
}

TEST(SimBackend, ObserveViews) {
  SimBackend sim;
  ASSERT_TRUE(sim.Reset(Header{10000, 4, 3000, false}).ok());
  OpRecord r;
  sim.Run(Mmap(2, 0, 16 * K, MapMode::kAuxShared), 1, r);
  Observation aux, probe, dio;
  sim.Observe(View::kSlot, 2, 0, 4 * K, aux);
  EXPECT_EQ(Slice(aux.data, 0, 3000), Pat(4, kSrcAux, 0, 3000));
  EXPECT_EQ(Slice(aux.data, 3000, 4 * K - 3000), Zeros(4 * K - 3000));
  sim.Observe(View::kSlot, 2, 4 * K, 1, probe);
  EXPECT_TRUE(probe.sigbus);
  sim.Observe(View::kDirect, 0, 0, 12 * K, dio);
  EXPECT_EQ(dio.ret, 10000);
  EXPECT_EQ(dio.data, Pat(4, kSrcInit, 0, 10000));
}

}  // namespace
}  // namespace fsfuzz
