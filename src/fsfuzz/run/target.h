// A target is where programs run: the simulator, a directory the user named (--dir), or
// a fresh testbed of one filesystem variant (--fs). It owns the backend, the testbed and
// the kernel-signal watchers (kmsg, tracefs) of that filesystem.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/exec/backend.h"
#include "src/fsfuzz/exec/sim_backend.h"
#include "src/fsfuzz/exec/view_reads.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/testbed/testbed.h"

namespace fsfuzz {

class KmsgWatcher;
class TraceEvents;

struct TargetSpec {
  enum class Kind { kSim, kDir, kTestbed };
  Kind kind = Kind::kSim;
  std::string dir;      // kDir
  std::string variant;  // kTestbed: a variant name from testbed/fs_table
  SimOptions sim;       // kSim
  TestbedOptions testbed;
  bool watch_kernel = true;  // kmsg + tracefs where permitted
  ViewReads view_reads = ViewReads::kMapped;  // PosixOptions::view_reads (kDir, kTestbed)
};

// Kernel signals gathered while a program ran.
struct KernelSignals {
  std::vector<Finding> findings;         // WARNING, BUG, Oops, hung task, invalidation failure ...
  std::map<std::string, uint64_t> counts;  // "tracefs-dio-invalidate-fail", "kmsg-dio-read-collision"
  std::vector<std::string> lines;        // raw report lines (evidence)
};

class Target {
 public:
  // An Environment error means "this target cannot run here" (the message is the skip
  // reason); a Usage error means the request itself is wrong (e.g. an unsafe --dir).
  static Result<std::unique_ptr<Target>> Open(const TargetSpec& spec);
  ~Target();

  Backend& backend() { return *backend_; }
  const Env& env() const { return backend_->env(); }
  // "tmpfs", "ext4-dioread_nolock", "dir:/tmp/x (ext4)", "sim", "sim+stale-page".
  const std::string& label() const { return label_; }
  Testbed* testbed() { return testbed_.get(); }
  SimBackend* sim() { return sim_; }

  // Signals since the last call. settle: wait that long for the kernel log to catch up.
  KernelSignals DrainKernel(bool settle);

  // A lane in a process of its own (stress/lane_process.h) runs this target in a child.
  // The kernel-log watcher's thread did not come along with the fork: in the child, the
  // copy is abandoned (never destroyed: its thread is not there to join) and a new watcher
  // started; in the parent, which drains nothing now, its watcher stops.
  void RestartKernelWatchInChild();
  void StopKernelWatchInParent();

 private:
  Target() = default;
  std::unique_ptr<Testbed> testbed_;
  std::unique_ptr<Backend> backend_;
  SimBackend* sim_ = nullptr;
  std::unique_ptr<KmsgWatcher> kmsg_;
  std::unique_ptr<TraceEvents> trace_;
  std::string label_;
  bool dir_created_ = false;
};

}  // namespace fsfuzz
