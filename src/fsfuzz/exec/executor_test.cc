// The executor on the simulated backend: concurrent rounds, observation on and off, views,
// settles, the sink's stop and the elision of observation bytes.
#include "src/fsfuzz/exec/executor.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "src/fsfuzz/exec/exec_test_util.h"
#include "src/fsfuzz/exec/posix_backend.h"
#include "src/fsfuzz/exec/sim_backend.h"

namespace fsfuzz {
namespace {

using namespace fsfuzz::testing;  // NOLINT

// Wraps a backend: records the kernel thread of each op and lets round ops linger so
// their overlap is visible in the trace's times.
class ProbeBackend : public Backend {
 public:
  explicit ProbeBackend(Backend& inner) : inner_(inner) {}
  const Env& env() const override { return inner_.env(); }
  Status Reset(const Header& h) override { return inner_.Reset(h); }
  void Run(const Op& op, uint32_t id, OpRecord& rec) override {
    {
      std::lock_guard<std::mutex> lk(mu_);
      tids_[id] = static_cast<int>(syscall(SYS_gettid));
    }
    if (op.kind == OpKind::kWrite) std::this_thread::sleep_for(std::chrono::milliseconds(30));
    inner_.Run(op, id, rec);
  }
  void Observe(View v, uint8_t s, uint64_t off, uint64_t len, Observation& out) override {
    ++observes_;
    inner_.Observe(v, s, off, len, out);
  }
  Result<uint64_t> Size() override {
    ++sizes_;
    return inner_.Size();
  }
  void Finish(OpRecord& drain) override { inner_.Finish(drain); }
  void PrepareThread() override { ++prepared_; }

  std::map<uint32_t, int> tids() {
    std::lock_guard<std::mutex> lk(mu_);
    return tids_;
  }
  int observes() const { return observes_.load(); }
  int sizes() const { return sizes_.load(); }
  int prepared() const { return prepared_.load(); }

 private:
  Backend& inner_;
  std::mutex mu_;
  std::map<uint32_t, int> tids_;
  std::atomic<int> observes_{0}, sizes_{0}, prepared_{0};
};

TEST(Executor, RoundsRunConcurrentlyOnWorkerThreads) {
  SimBackend sim;
  ProbeBackend probe(sim);
  Executor ex(probe, ExecOptions{});
  const Program p = Prog(64 * K, 1,
                         {Seq(Write(0, 100)),
                          Round({Write(4 * K, 100), Write(8 * K, 100), Write(12 * K, 100)})});
  Result<Trace> t = ex.Run(p);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->steps.size(), 2u);
  EXPECT_EQ(t->steps[0].ops[0].thread, 0);
  const std::vector<OpRecord>& round = t->steps[1].ops;
  std::map<uint32_t, int> tids = probe.tids();
  std::set<int> distinct;
  for (size_t i = 0; i < round.size(); ++i) {
    EXPECT_EQ(round[i].id, 2 + i);
    EXPECT_EQ(round[i].thread, i + 1);
    distinct.insert(tids[round[i].id]);
  }
  EXPECT_EQ(distinct.size(), 3u);
  EXPECT_EQ(distinct.count(tids[1]), 0u);  // not the main thread either
  // Every pair of round ops overlaps in time.
  for (const OpRecord& a : round) {
    for (const OpRecord& b : round) EXPECT_LT(a.t_start_ns, b.t_end_ns);
  }
  EXPECT_EQ(probe.prepared(), 4);  // three workers and the main thread, once each
  // The same workers serve the next program.
  ASSERT_TRUE(ex.Run(p).ok());
  std::map<uint32_t, int> again = probe.tids();
  for (uint32_t id = 2; id <= 4; ++id) EXPECT_EQ(again[id], tids[id]);
  EXPECT_EQ(probe.prepared(), 4);
}

Program ViewsProgram() {
  return Prog(10000, 3,
              {Seq(Mmap(0, 0, 16 * K)), Seq(Mmap(1, 0, 8 * K, MapMode::kAuxPrivate)),
               Round({Write(0, 4 * K), TouchWrite(0, 8 * K, 100), Truncate(9000)}),
               Seq(Bare(OpKind::kCheck))},
              3000);
}

TEST(Executor, ObserveRecordsSizesSettlesAndQuiescentViews) {
  SimBackend sim;
  Executor ex(sim, ExecOptions{});
  Result<Trace> t = ex.Run(ViewsProgram());
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->steps.size(), 4u);
  EXPECT_TRUE(t->complete);
  EXPECT_FALSE(t->steps[0].size);  // mmap: no size change
  ASSERT_TRUE(t->steps[2].size);
  const uint64_t size = *t->steps[2].size;
  EXPECT_EQ(size, 9000u);
  // Settle: [0, 4K) from the write and [8K, size) from the touch and the truncate.
  const std::vector<Observation>& settle = t->steps[2].settle;
  ASSERT_FALSE(settle.empty());
  uint64_t covered = 0;
  for (const Observation& o : settle) {
    EXPECT_EQ(o.view, View::kBuffered);
    EXPECT_EQ(static_cast<uint64_t>(o.ret), o.len);
    EXPECT_LE(o.off + o.len, size);
    covered += o.len;
  }
  EXPECT_EQ(settle.front().off, 0u);
  EXPECT_GE(covered, 4 * K + (size - 8 * K));

  const std::vector<Observation>& v = t->steps[3].views;
  ASSERT_TRUE(t->steps[3].size);
  bool buffered = false, direct = false, m0 = false, m0_tail = false, m0_probe = false, m1 = false, m1_probe = false;
  for (const Observation& o : v) {
    const uint8_t* bytes = ObservedBytes(v, o);
    ASSERT_NE(bytes, nullptr);
    if (o.view == View::kBuffered) {
      buffered = true;
      EXPECT_EQ(o.off, 0u);
      EXPECT_EQ(o.len, size + 1);
      EXPECT_EQ(static_cast<uint64_t>(o.ret), size);
    } else if (o.view == View::kDirect) {
      // The O_DIRECT view read what the buffered one did: recorded as the same, not copied.
      direct = true;
      EXPECT_EQ(o.len, RoundUp(size, sim.env().DirectAlign()));
      EXPECT_EQ(o.same_as, 0);
      EXPECT_TRUE(o.data.empty());
      EXPECT_EQ(Bytes(bytes, bytes + o.ret), v[0].data);
    } else if (o.slot == 0 && o.off == 0) {
      m0 = true;  // below EOF: the same as the buffered view
      EXPECT_EQ(o.len, size);
      EXPECT_EQ(o.same_as, 0);
      EXPECT_FALSE(o.sigbus);
      EXPECT_EQ(Bytes(bytes, bytes + o.ret), v[0].data);
    } else if (o.slot == 0 && o.len > 1) {
      m0_tail = true;  // the EOF page's tail: its own bytes
      EXPECT_EQ(o.off, size);
      EXPECT_EQ(o.len, RoundUp(size, P) - size);
      EXPECT_EQ(o.same_as, -1);
      EXPECT_EQ(o.data, Bytes(o.len, 0));
    } else if (o.slot == 0) {
      m0_probe = true;
      EXPECT_EQ(o.off, RoundUp(size, P));
      EXPECT_TRUE(o.sigbus);
    } else if (o.slot == 1 && o.len > 1) {
      m1 = true;  // the aux file's: never compared with the file's views
      EXPECT_EQ(o.len, 4 * K);
      EXPECT_EQ(o.same_as, -1);
      EXPECT_EQ(Slice(o.data, 0, 3000), Pat(3, kSrcAux, 0, 3000));
    } else if (o.slot == 1) {
      m1_probe = true;
      EXPECT_EQ(o.off, 4 * K);
      EXPECT_TRUE(o.sigbus);
    }
  }
  EXPECT_TRUE(buffered && direct && m0 && m0_tail && m0_probe && m1 && m1_probe);
  EXPECT_EQ(t->final_size, std::optional<uint64_t>(size));
  EXPECT_EQ(t->final_views.size(), v.size());
  ASSERT_TRUE(t->drain);
  EXPECT_EQ(t->drain->ret, 0);
  EXPECT_EQ(t->env.backend, "sim");
}

TEST(Executor, WithoutObserveThereAreNoExtraReads) {
  SimBackend sim;
  ProbeBackend probe(sim);
  ExecOptions o;
  o.observe = false;
  Executor ex(probe, o);
  Result<Trace> t = ex.Run(ViewsProgram());
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->complete);
  for (const StepRecord& s : t->steps) {
    EXPECT_FALSE(s.size);
    EXPECT_TRUE(s.settle.empty());
    EXPECT_TRUE(s.views.empty());
  }
  EXPECT_FALSE(t->final_size);
  EXPECT_TRUE(t->final_views.empty());
  EXPECT_TRUE(t->drain);
  EXPECT_EQ(probe.observes(), 0);
  EXPECT_EQ(probe.sizes(), 0);
}

class StopAt : public StepSink {
 public:
  explicit StopAt(size_t index) : index_(index) {}
  bool OnStep(size_t index, const StepRecord& rec) override {
    seen.push_back(index);
    views_seen += rec.views.size();
    return index != index_;
  }
  std::vector<size_t> seen;
  size_t views_seen = 0;

 private:
  size_t index_;
};

TEST(Executor, SinkStopsTheProgram) {
  SimBackend sim;
  Executor ex(sim, ExecOptions{});
  StopAt sink(1);
  Result<Trace> t = ex.Run(SeqProg(16 * K, 1, {Write(0, 10), Bare(OpKind::kCheck), Write(0, 10), Read(0, 10)}), &sink);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(sink.seen, (std::vector<size_t>{0, 1}));
  EXPECT_GT(sink.views_seen, 0u);  // the sink sees a step's views
  EXPECT_EQ(t->steps.size(), 2u);
  EXPECT_FALSE(t->complete);
  EXPECT_EQ(t->stop_reason, "stopped by sink");
  EXPECT_TRUE(t->drain);  // Finish still ran
  EXPECT_TRUE(t->final_views.empty());
}

TEST(Executor, ObservationBytesPastTheBudgetAreElided) {
  SimBackend sim;
  ExecOptions o;
  o.keep_bytes = 10000;
  Executor ex(sim, o);
  // The O_DIRECT view and the mapping read what the buffered view did (same_as); when
  // that one is elided they get digests of their own ranges.
  const Program p = SeqProg(64 * K, 2, {Mmap(0, 0, 64 * K), Bare(OpKind::kCheck), Bare(OpKind::kCheck)});
  Result<Trace> t = ex.Run(p);
  ASSERT_TRUE(t.ok());
  const std::vector<uint8_t> all = Pat(2, kSrcInit, 0, 64 * K);
  for (const StepRecord& s : t->steps) {
    if (s.ops[0].id == 1) continue;  // the mmap
    ASSERT_EQ(s.views.size(), 3u);
    for (const Observation& v : s.views) {
      EXPECT_TRUE(v.elided);
      EXPECT_EQ(v.same_as, -1);
      EXPECT_TRUE(v.data.empty());
      EXPECT_EQ(v.digest, Digest(all.data() + v.off, static_cast<size_t>(v.ret)));
    }
  }
  // Within the budget nothing is elided.
  Executor roomy(sim, ExecOptions{});
  t = roomy.Run(p);
  ASSERT_TRUE(t.ok());
  for (const StepRecord& s : t->steps) {
    for (const Observation& v : s.views) EXPECT_FALSE(v.elided);
  }
}

TEST(Executor, EndViewsHaveTheirOwnBudgetAndAreElidedAsRead) {
  SimBackend sim;
  ExecOptions o;
  o.keep_bytes = 200 * K;
  Executor ex(sim, o);
  // Two whole-file checks use up the step budget; the end views still keep their bytes
  // up to a budget of their own, and past it only digests (of the right bytes).
  const Program p = SeqProg(64 * K, 2, {Bare(OpKind::kCheck), Bare(OpKind::kCheck)});
  Result<Trace> t = ex.Run(p);
  ASSERT_TRUE(t.ok());
  ASSERT_FALSE(t->final_views.empty());
  for (const Observation& v : t->final_views) EXPECT_FALSE(v.elided);
  const uint64_t big = 512 * K;
  Executor tight(sim, o);
  t = tight.Run(SeqProg(big, 2, {Write(0, 10)}));
  ASSERT_TRUE(t.ok());
  size_t kept = 0, elided = 0;
  const std::vector<uint8_t> all = Pat(2, kSrcInit, 0, big);  // the write went to [0, 10)
  for (const Observation& v : t->final_views) {
    if (v.elided) {
      ++elided;
      EXPECT_TRUE(v.data.empty());
      if (v.off >= 10) {
        EXPECT_EQ(v.digest, Digest(all.data() + v.off, static_cast<size_t>(v.ret)));
      }
    } else {
      kept += v.data.size();
    }
  }
  EXPECT_LE(kept, o.keep_bytes);
  EXPECT_GT(elided, 0u);
}

TEST(Executor, SequentialCopiesWithinTheFileAreSettled) {
  SimBackend sim;
  Executor ex(sim, ExecOptions{});
  Result<Trace> t = ex.Run(SeqProg(32 * K, 1, {Mmap(0, 0, 32 * K), DWrite(4 * K, 4 * K, InSlot(0, 0)),
                                               Write(0, 100, InSlot(0, 8 * K))}));
  ASSERT_TRUE(t.ok());
  for (size_t s = 1; s <= 2; ++s) {
    EXPECT_TRUE(t->steps[s].size);
    ASSERT_EQ(t->steps[s].settle.size(), 1u);
  }
  EXPECT_EQ(t->steps[1].settle[0].off, 4 * K);
  EXPECT_EQ(t->steps[1].settle[0].data, Pat(1, kSrcInit, 0, 4 * K));
}

TEST(Executor, RejectsInvalidPrograms) {
  SimBackend sim;
  Executor ex(sim, ExecOptions{});
  Result<Trace> t = ex.Run(SeqProg(16 * K, 1, {TouchRead(3, 0, 10)}));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().kind(), ErrorKind::kUsage);
}

TEST(Executor, FailedMmapSlotsGetNoViews) {
  // A backend whose mmap fails: the executor must not ask for views of that slot.
  class NoMmap : public ProbeBackend {
   public:
    using ProbeBackend::ProbeBackend;
    void Run(const Op& op, uint32_t id, OpRecord& rec) override {
      if (op.kind == OpKind::kMmap) {
        rec.ret = -1;
        rec.err = ENODEV;
        return;
      }
      ProbeBackend::Run(op, id, rec);
    }
  };
  SimBackend sim;
  NoMmap b(sim);
  Executor ex(b, ExecOptions{});
  Result<Trace> t = ex.Run(SeqProg(16 * K, 1, {Mmap(0, 0, 16 * K), Bare(OpKind::kCheck)}));
  ASSERT_TRUE(t.ok());
  for (const Observation& o : t->steps[1].views) EXPECT_NE(o.view, View::kSlot);
}

}  // namespace
}  // namespace fsfuzz

namespace fsfuzz {
namespace {

using namespace fsfuzz::testing;  // NOLINT

// On a real filesystem, the quiescent views of a correct kernel agree with each other.
void ViewsAgree(const std::string& dir) {
  PosixBackend b(dir);
  ASSERT_TRUE(b.status().ok()) << b.status().ToString();
  Executor ex(b, ExecOptions{});
  const Program p = Prog(100000, 9,
                         {Seq(Mmap(0, 0, 128 * K)), Seq(Mmap(1, 0, 64 * K, MapMode::kPrivate)),
                          Round({DWrite(0, 8 * K), TouchWrite(0, 16 * K, 5000), Write(40 * K, 3000),
                                 Truncate(90000)}),
                          Seq(TouchWrite(1, 0, 100)), Seq(Bare(OpKind::kCheck)), Seq(Truncate(150000))});
  Result<Trace> t = ex.Run(p);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_TRUE(t->complete);
  const uint64_t size = *t->steps[4].size;
  std::vector<uint8_t> buffered;
  for (const Observation& o : t->steps[4].views) {
    if (o.view == View::kBuffered) buffered.insert(buffered.end(), o.data.begin(), o.data.end());
  }
  ASSERT_EQ(buffered.size(), size);
  for (const Observation& o : t->steps[4].views) {
    if (o.view == View::kBuffered) continue;
    if (o.view == View::kSlot && o.len == 1) {
      EXPECT_TRUE(o.sigbus) << "m" << int(o.slot);
      continue;
    }
    ASSERT_GE(o.ret, 0) << ViewName(o.view) << " errno " << o.err;
    EXPECT_FALSE(o.sigbus);
    const uint64_t in_file = std::min<uint64_t>(o.data.size(), size - std::min(size, o.off));
    std::vector<uint8_t> got = Slice(o.data, 0, in_file);
    if (o.view == View::kSlot && o.slot == 1) {
      // m1 is private: its first 100 bytes are its own store.
      EXPECT_EQ(Slice(got, 0, 100), Pat(9, 7, 0, 100));
      std::copy(buffered.begin(), buffered.begin() + 100, got.begin());
    }
    EXPECT_EQ(got, Slice(buffered, o.off, in_file)) << ViewName(o.view) << " m" << int(o.slot);
  }
  // Final views: the truncate up exposed zeros.
  std::vector<uint8_t> fin;
  for (const Observation& o : t->final_views) {
    if (o.view == View::kBuffered) fin.insert(fin.end(), o.data.begin(), o.data.end());
  }
  ASSERT_EQ(fin.size(), 150000u);
  EXPECT_EQ(Slice(fin, size, 150000 - size), Zeros(150000 - size));
  EXPECT_EQ(t->drain->ret, 0);
}

TEST(ExecutorPosix, QuiescentViewsAgreeOnTmp) {
  TempDir d;
  ASSERT_TRUE(d.ok());
  ViewsAgree(d.path());
}

TEST(ExecutorPosix, QuiescentViewsAgreeOnTmpfs) {
  TmpfsMount m;
  if (!m.mounted()) GTEST_SKIP() << m.skip_reason();
  ViewsAgree(m.path());
}

}  // namespace
}  // namespace fsfuzz
