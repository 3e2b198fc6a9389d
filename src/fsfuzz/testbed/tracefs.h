// Counting kernel trace events while programs run, in a private tracefs instance
// (instances/fsfuzz-PID) so other tracers on the machine are not disturbed. The DIO
// invalidation warning is logged once a day; `iomap:iomap_dio_invalidate_fail` counts
// every time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/testbed/teardown.h"

namespace fsfuzz {

struct TraceSnapshot {
  std::map<std::string, uint64_t> counts;  // "iomap:iomap_dio_invalidate_fail" -> n
  std::vector<std::string> sample;         // the first few event lines, for evidence
};

class TraceEvents {
 public:
  // Finds tracefs, makes the instance and enables each "system:event" that exists in
  // this kernel. Events that do not exist are listed by missing(), not an error; no
  // tracefs or no root is an Environment error.
  //
  // Where nothing has tracefs mounted, it is mounted privately at
  // WORK_ROOT/fsfuzz-XXXXXX/tracefs (a marked work dir, like a testbed's) rather than at
  // /sys/kernel/tracing: tracefs is one filesystem however often it is mounted, so the
  // instance is the same, but no other process comes to depend on a mount we remove
  // (two runs sharing /sys/kernel/tracing would leave it mounted, or pull it from under
  // the other), and `fsfuzz cleanup` finds it after a SIGKILL.
  static Result<std::unique_ptr<TraceEvents>> Open(const std::vector<std::string>& events,
                                                   const std::string& work_root = "/tmp");
  ~TraceEvents();  // disables the events, removes the instance, unmounts what we mounted
  TraceEvents(const TraceEvents&) = delete;
  TraceEvents& operator=(const TraceEvents&) = delete;

  bool Has(const std::string& event) const;
  const std::vector<std::string>& missing() const { return missing_; }
  const std::string& instance_dir() const { return instance_; }

  // Events of `event` since the last Drain (reads what the kernel buffered so far).
  uint64_t Count(const std::string& event);
  // Counts since the last Drain, then starts counting from zero.
  TraceSnapshot Drain();

 private:
  TraceEvents() = default;
  void Poll();  // consumes trace_pipe into counts_

  std::string mount_;     // tracefs mount point in use
  std::string work_dir_;  // our private mount's work dir ("" when using a shared mount)
  std::string instance_;  // mount_/instances/fsfuzz-PID[-N]
  std::vector<std::string> enabled_, missing_;
  int pipe_fd_ = -1;      // instance trace_pipe, non-blocking
  std::mutex mu_;
  TraceSnapshot pending_;
  std::string partial_;
  TeardownHandle handle_;
};

// A tracefs mount point from mountinfo, /sys/kernel/tracing preferred; private mounts
// of other fsfuzz runs (WORK_ROOT/fsfuzz-*/tracefs) are passed over. "" when none.
std::string FindTracefs();

}  // namespace fsfuzz
