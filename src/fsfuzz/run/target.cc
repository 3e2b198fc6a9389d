// Target: opening the simulator, a directory or a testbed, and its kernel watchers.
#include "src/fsfuzz/run/target.h"

#include <unistd.h>

#include "src/fsfuzz/exec/posix_backend.h"
#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/dir_mode.h"
#include "src/fsfuzz/testbed/kernel_log.h"
#include "src/fsfuzz/testbed/kmsg.h"
#include "src/fsfuzz/testbed/tracefs.h"

namespace fsfuzz {

namespace {
constexpr const char* kInvalidateFail = "iomap:iomap_dio_invalidate_fail";
}

Target::~Target() {
  // Files and mappings go before the filesystem they live on.
  trace_.reset();
  kmsg_.reset();
  backend_.reset();
  testbed_.reset();
}

Result<std::unique_ptr<Target>> Target::Open(const TargetSpec& spec) {
  std::unique_ptr<Target> t(new Target());
  switch (spec.kind) {
    case TargetSpec::Kind::kSim: {
      auto sim = std::make_unique<SimBackend>(spec.sim);
      t->sim_ = sim.get();
      t->label_ = "sim";
      for (const SimBugInfo* b = SimBugTable(); b != SimBugTable() + kNumSimBugs; ++b) {
        if (spec.sim.bugs.count(b->bug)) t->label_ += "+" + std::string(b->name);
      }
      t->backend_ = std::move(sim);
      return t;
    }
    case TargetSpec::Kind::kDir: {
      auto d = OpenDirMode(spec.dir);
      if (!d.ok()) return d.status();
      PosixOptions po;
      po.variant = "dir";
      po.view_reads = spec.view_reads;
      auto be = PosixBackend::Create(d->dir, po);
      if (!be.ok()) return be.status();
      (*be)->OverrideEnv(d->env);
      t->label_ = "dir:" + d->dir + " (" + d->env.fs + ")";
      t->backend_ = std::move(*be);
      break;
    }
    case TargetSpec::Kind::kTestbed: {
      auto vs = ParseVariantList(spec.variant);
      if (!vs.ok()) return vs.status();
      if (vs->size() != 1) return Status::Usage("one variant per target: " + spec.variant);
      const Variant& v = *(*vs)[0];
      if (auto why = SkipReason(v)) return Status::Environment(*why);
      auto tb = Testbed::Create(v, spec.testbed);
      if (!tb.ok()) return tb.status();
      t->testbed_ = std::move(*tb);
      PosixOptions po;
      po.variant = std::string(v.name);
      po.view_reads = spec.view_reads;
      auto be = PosixBackend::Create(t->testbed_->dir(), po);
      if (!be.ok()) return be.status();
      (*be)->OverrideEnv(t->testbed_->env());
      Testbed* raw = t->testbed_.get();
      (*be)->SetRemountHook([raw] { return raw->Remount(); });
      t->label_ = std::string(v.name);
      t->backend_ = std::move(*be);
      break;
    }
  }
  if (spec.watch_kernel && geteuid() == 0) {
    auto k = KmsgWatcher::Start();
    if (k.ok()) t->kmsg_ = std::move(*k);
    auto tr = TraceEvents::Open({kInvalidateFail}, spec.testbed.work_root);
    if (tr.ok()) t->trace_ = std::move(*tr);
  }
  return t;
}

void Target::RestartKernelWatchInChild() {
  if (!kmsg_) return;  // not watching (forked before the parent stops its own watcher)
  (void)kmsg_.release();  // its thread lives in the parent only
  auto k = KmsgWatcher::Start();
  if (k.ok()) kmsg_ = std::move(*k);
}

void Target::StopKernelWatchInParent() { kmsg_.reset(); }

KernelSignals Target::DrainKernel(bool settle) {
  KernelSignals out;
  if (trace_) {
    uint64_t n = trace_->Count(kInvalidateFail);
    trace_->Drain();
    if (n) out.counts["tracefs-dio-invalidate-fail"] += n;
  }
  if (!kmsg_) return out;
  auto reports = settle ? kmsg_->Drain() : kmsg_->DrainAll();
  const std::string fs = env().variant.empty() || env().variant == "dir" ? env().fs : env().variant;
  for (const KernelReport& r : reports) {
    for (const std::string& l : r.lines) out.lines.push_back(l);
    if (auto f = ToFinding(r, fs)) {
      out.findings.push_back(*f);
    } else {
      out.counts["kmsg-" + r.title] += 1;
    }
  }
  return out;
}

}  // namespace fsfuzz
