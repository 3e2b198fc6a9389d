// The executor (see executor.h): runs steps, times and publishes every op for the
// watchdog, observes sizes/settles/views when checking, and builds the Trace.
#include "src/fsfuzz/exec/executor.h"

#include <algorithm>
#include <array>
#include <mutex>

#include "src/fsfuzz/exec/fault_guard.h"
#include "src/fsfuzz/exec/observe_plan.h"
#include "src/fsfuzz/exec/watchdog.h"
#include "src/fsfuzz/exec/worker_pool.h"

namespace fsfuzz {
namespace {

bool Any(const Step& st, bool (*pred)(const Op&)) { return std::any_of(st.ops.begin(), st.ops.end(), pred); }

}  // namespace

struct Executor::Impl {
  Impl(Backend& b, ExecOptions o) : backend(b), opt(std::move(o)) {}

  Backend& backend;
  ExecOptions opt;
  std::unique_ptr<WorkerPool> pool;     // started at the first round
  std::unique_ptr<Watchdog> watchdog;   // started at the first Run
  bool main_prepared = false;
  // The trace being built. The watchdog copies completed steps under trace_mu; the main
  // thread holds it only to append a finished step.
  std::mutex trace_mu;
  Trace trace;
  int64_t t0 = 0;
  size_t kept_bytes = 0;  // observation bytes kept so far in this program
  Bytes view_buf;  // the buffer end views are read into, kept between them

  void RunOp(int thread, size_t step, const Op& op, uint32_t id, OpRecord& rec) {
    rec.id = id;
    rec.thread = static_cast<uint8_t>(thread);
    const int64_t start = Watchdog::NowNs();
    watchdog->Begin(thread, step, id, start);
    backend.Run(op, id, rec);
    const int64_t end = Watchdog::NowNs();
    watchdog->End(thread);
    rec.t_start_ns = start - t0;
    rec.t_end_ns = end - t0;
  }

  // Reads every planned view, each watched as op 0 of the step. With elide_now, each view
  // past the byte budget is replaced by its digest as soon as it is read, so the views of
  // a large file never sit in memory all at once.
  void Observe(size_t step, const std::vector<ViewRead>& plan, std::vector<Observation>& out,
               bool elide_now = false) {
    out.reserve(out.size() + plan.size());
    for (const ViewRead& r : plan) {
      // The O_DIRECT view and the mappings of the file are first compared in place with
      // the buffered view's bytes; only a view that differs is copied into the trace.
      uint64_t ref_len = 0;
      const int ref = r.view == View::kBuffered || r.aux ? -1 : SameCandidate(out, r, &ref_len);
      if (ref >= 0) {
        const Observation& b = out[static_cast<size_t>(ref)];
        watchdog->Begin(0, step, 0, Watchdog::NowNs());
        const bool same = backend.ViewEquals(r.view, r.slot, r.off, r.len, b.data.data() + (r.off - b.off), ref_len);
        watchdog->End(0);
        if (same) {
          Observation& o = out.emplace_back();
          o.view = r.view, o.slot = r.slot, o.off = r.off, o.len = r.len;
          o.ret = static_cast<int64_t>(ref_len);
          o.same_as = ref;
          continue;
        }
      }
      Observation& o = out.emplace_back();
      if (elide_now) o.data.swap(view_buf);  // its capacity: no fresh pages per chunk
      watchdog->Begin(0, step, 0, Watchdog::NowNs());
      backend.Observe(r.view, r.slot, r.off, r.len, o);
      watchdog->End(0);
      if (elide_now && ElideOne(o)) o.data.swap(view_buf);
    }
  }

  // The buffered view in `out` holding the bytes a read r should return, and how many it
  // should return (*ref_len): all of r, or up to EOF where the buffered read ended there
  // (an O_DIRECT read of the EOF block is short too; a mapping's read is never short).
  static int SameCandidate(const std::vector<Observation>& out, const ViewRead& r, uint64_t* ref_len) {
    for (size_t i = 0; i < out.size(); ++i) {
      const Observation& b = out[i];
      if (b.view != View::kBuffered || b.elided || b.err != 0 || b.same_as >= 0 || r.off < b.off) continue;
      const uint64_t have = b.data.size();
      if (b.ret < 0 || static_cast<uint64_t>(b.ret) != have || r.off - b.off > have) continue;
      const uint64_t avail = have - (r.off - b.off);
      if (r.len <= avail) {
        *ref_len = r.len;
        return static_cast<int>(i);
      }
      const bool at_eof = have < b.len;  // the buffered read was short: EOF is at its end
      if (at_eof && r.view == View::kDirect) {
        *ref_len = avail;
        return static_cast<int>(i);
      }
    }
    return -1;
  }

  std::vector<ViewRead> ViewsAt(uint64_t size, uint64_t aux_size, const Slots& slots, const LiveSlots& live) {
    const Env& env = backend.env();
    return QuiescentViewPlan(size, aux_size, slots, live, env.page_size ? env.page_size : kPageSize,
                             env.dio_supported ? env.DirectAlign() : 0);
  }

  // Runs a step's ops: a round on the workers, released together; a sequential step here,
  // keeping the slot table (and which mmaps worked) up to date.
  void Execute(size_t si, const Step& st, uint32_t first_id, StepRecord& rec, Slots& slots, LiveSlots& live) {
    rec.ops.resize(st.ops.size());
    if (st.round) {
      if (!pool) pool = std::make_unique<WorkerPool>([this] { backend.PrepareThread(); });
      struct Ctx {
        Impl* self;
        const Step* st;
        StepRecord* rec;
        size_t step;
        uint32_t first;
      } ctx{this, &st, &rec, si, first_id};
      // One pointer of capture: fits std::function's inline storage (no allocation).
      const std::function<void(int)> task = [c = &ctx](int i) {
        c->self->RunOp(i + 1, c->step, c->st->ops[i], c->first + static_cast<uint32_t>(i), c->rec->ops[i]);
      };
      pool->Run(static_cast<int>(st.ops.size()), task);
      return;
    }
    for (size_t i = 0; i < st.ops.size(); ++i) {
      const Op& op = st.ops[i];
      RunOp(0, si, op, first_id + static_cast<uint32_t>(i), rec.ops[i]);
      ApplyToSlots(op, slots);
      if (op.slot >= kMaxSlots) continue;
      if (op.kind == OpKind::kMmap) live[op.slot] = rec.ops[i].ret == 0 && !rec.ops[i].skipped;
      if (op.kind == OpKind::kMunmap) live[op.slot] = false;
    }
  }

  // Records the size, settle and views a step calls for; known_size follows the file.
  Status ObserveStep(size_t si, const Step& st, bool settle, const Slots& slots, const LiveSlots& live,
                     uint64_t aux_size, uint64_t& known_size, StepRecord& rec) {
    const bool is_check = Any(st, [](const Op& o) { return o.kind == OpKind::kCheck; });
    const bool need_size = settle || is_check || Any(st, [](const Op& o) {
                             return o.kind == OpKind::kRemount || Has(o.kind, kTrSizeChange);
                           });
    if (need_size) {
      watchdog->Begin(0, si, 0, Watchdog::NowNs());
      Result<uint64_t> size = backend.Size();
      watchdog->End(0);
      if (!size.ok()) return size.status();
      rec.size = *size;
    }
    const uint64_t size_after = rec.size.value_or(known_size);
    if (settle) Observe(si, SettlePlan(st, slots, known_size, size_after), rec.settle);
    if (is_check) Observe(si, ViewsAt(size_after, aux_size, slots, live), rec.views);
    known_size = size_after;
    return Status::Ok();
  }

  // Replaces observation bytes past the per-program budget by their digest.
  // Returns whether it elided o (leaving o.data empty but with its capacity).
  bool ElideOne(Observation& o) {
    if (o.elided || !OverBudget(o)) return false;
    ToDigest(o);
    return true;
  }
  static void ToDigest(Observation& o) {
    o.digest = Digest(o.data.data(), o.data.size());
    o.elided = true;
    o.data.clear();
  }
  // Whether o's bytes go past the budget (counting them when they do not).
  bool OverBudget(const Observation& o) {
    if (kept_bytes + o.data.size() <= opt.keep_bytes && kept_bytes != SIZE_MAX) {
      kept_bytes += o.data.size();
      return false;
    }
    kept_bytes = SIZE_MAX;  // everything after the first elided observation is elided too
    return true;
  }
  void Elide(std::vector<Observation>& obs) {
    for (size_t i = 0; i < obs.size(); ++i) {
      Observation& o = obs[i];
      if (o.same_as >= 0 || o.elided || !OverBudget(o)) continue;  // same_as: no bytes of its own
      // The views that were the same as this one keep a digest of their range.
      for (size_t j = i + 1; j < obs.size(); ++j) {
        Observation& v = obs[j];
        if (v.same_as != static_cast<int32_t>(i)) continue;
        const uint64_t at = v.off - o.off, n = static_cast<uint64_t>(v.ret), size = o.data.size();
        v.digest = at <= size && n <= size - at ? Digest(o.data.data() + at, n) : 0;
        v.elided = true;
        v.same_as = -1;
      }
      ToDigest(o);
      Bytes().swap(o.data);
    }
  }

  Result<Trace> Run(const Program& p, StepSink* sink);
};

Executor::Executor(Backend& backend, ExecOptions options)
    : impl_(std::make_unique<Impl>(backend, std::move(options))) {}

// Members go in reverse order: the pool (stop requested of every worker, then joined),
// then the watchdog.
Executor::~Executor() {
  if (impl_) {
    impl_->pool.reset();
    impl_->watchdog.reset();
  }
}

Result<Trace> Executor::Run(const Program& program, StepSink* sink) {
  return impl_->Run(program, sink);
}

std::vector<StepRecord> Executor::StepsSoFar() const {
  std::lock_guard<std::mutex> lk(impl_->trace_mu);
  return impl_->trace.steps;
}

Result<Trace> Executor::Impl::Run(const Program& p, StepSink* sink) {
  if (std::vector<ProgramError> errs = Validate(p); !errs.empty()) {
    return Status::Usage("invalid program: step " + std::to_string(errs[0].step) + " op " +
                         std::to_string(errs[0].op) + ": " + errs[0].message);
  }
  // A sanitizer runtime or a test may have replaced our SIGBUS handler since last time.
  InstallSigbusHandler();
  if (!watchdog) {
    watchdog = std::make_unique<Watchdog>(
        Watchdog::Config{opt.deadline, opt.on_hang, opt.exit_on_hang}, &trace, &trace_mu);
  }
  watchdog->Rearm();
  if (!main_prepared) {
    backend.PrepareThread();
    main_prepared = true;
  }
  {
    // Built outside the lock (it allocates); the old trace is freed outside it too.
    Trace fresh;
    fresh.env = backend.env();
    fresh.steps.reserve(p.steps.size());  // appends below never reallocate under the lock
    std::lock_guard<std::mutex> lk(trace_mu);
    std::swap(trace, fresh);
  }
  kept_bytes = 0;
  if (Status s = backend.Reset(p.header); !s.ok()) {
    OpRecord drain;
    backend.Finish(drain);  // unmaps whatever is left; the program never started
    return s;
  }
  t0 = Watchdog::NowNs();

  const std::vector<uint32_t> first_ids = FirstOpIds(p);
  Slots slots;
  LiveSlots live{};
  uint64_t known_size = p.header.size;
  std::string stop_reason;
  Status failure;
  size_t si = 0;
  for (; si < p.steps.size(); ++si) {
    const Step& st = p.steps[si];
    // Rounds, and copies between the file and a mapping of it (snapshot or page by page
    // forward, the kernel's choice), are settled: their effect is admissible, not exact.
    const bool settle = st.round || (!st.ops.empty() && NeedsSettle(st.ops[0], slots));
    StepRecord rec;
    Execute(si, st, first_ids[si], rec, slots, live);
    const bool hung = watchdog->fired();
    if (opt.observe && !hung) {
      failure = ObserveStep(si, st, settle, slots, live, p.header.aux_size, known_size, rec);
      if (!failure.ok()) break;
    }
    const bool hung_now = hung || watchdog->fired();
    bool go_on = true;
    if (sink != nullptr && !hung_now) go_on = sink->OnStep(si, rec);
    Elide(rec.settle);
    Elide(rec.views);
    {
      std::lock_guard<std::mutex> lk(trace_mu);
      trace.steps.push_back(std::move(rec));
    }
    if (hung_now) {
      stop_reason = "hang";
      break;
    }
    if (!go_on) {
      stop_reason = "stopped by sink";
      break;
    }
  }
  const bool all_ran = si == p.steps.size() && failure.ok();
  std::vector<Observation> final_views;
  std::optional<uint64_t> final_size;
  if (all_ran && opt.observe) {
    watchdog->Begin(0, si, 0, Watchdog::NowNs());
    Result<uint64_t> size = backend.Size();
    watchdog->End(0);
    if (!size.ok()) {
      failure = size.status();
    } else {
      final_size = *size;
      // The end views are checked from the trace alone (no sink sees them first), so the
      // budget applies as they are read: a 256 MiB file's views would otherwise be held
      // whole, several times over (buffered, O_DIRECT, each mapping). They get a budget of
      // their own, so a small file's end views keep their bytes however long the program.
      kept_bytes = 0;
      Observe(si, ViewsAt(*size, p.header.aux_size, slots, live), final_views, /*elide_now=*/true);
    }
  }
  // Always: unmap and drain write-back errors into this program.
  OpRecord drain;
  watchdog->Begin(0, si, 0, Watchdog::NowNs());
  backend.Finish(drain);
  watchdog->End(0);
  if (!failure.ok()) return failure;
  if (watchdog->fired() && stop_reason.empty()) stop_reason = "hang";

  Trace done;
  {
    std::lock_guard<std::mutex> lk(trace_mu);
    std::swap(done, trace);
  }
  done.final_size = final_size;
  done.final_views = std::move(final_views);
  done.drain = std::move(drain);
  done.complete = all_ran && stop_reason.empty();
  done.stop_reason = stop_reason;
  return done;
}

}  // namespace fsfuzz
