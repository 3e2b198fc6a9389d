// Runs qemu as our child: its serial console (stdout) read live into a ConsoleParser and a
// log file, frames streamed to a callback, the GuestDeadline enforced by killing qemu by
// pid, and qemu always reaped before returning.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/vm/console.h"
#include "src/fsfuzz/vm/guest_deadline.h"

namespace fsfuzz::vm {

enum class QemuEnd {
  kExited,         // qemu exited by itself (poweroff, or reboot after a panic)
  kKilledHang,     // the guest dumped a hung command's stacks; the host killed qemu
  kKilledTimeout,  // the host deadline passed without the guest reporting
  kKilledStderr,   // qemu printed an abort pattern (e.g. "KVM internal error")
  kInterrupted,    // SIGINT/SIGTERM: qemu killed, the caller re-raises
};
const char* QemuEndName(QemuEnd e);

struct QemuRun {
  QemuEnd end = QemuEnd::kExited;
  std::string reason;           // why it was killed ("" when it exited)
  int wait_status = 0;
  ConsoleParser console;
  std::string qemu_stderr;
  bool guest_started = false;   // /init's "start" frame was seen
  double seconds = 0;           // spawn to reap
  double first_output_s = -1;   // spawn to the first console byte
};

struct QemuRunOptions {
  DeadlinePolicy deadlines;
  std::vector<std::string> abort_on_stderr;     // kill qemu when stderr contains one
  std::string console_log;                      // raw console copy written live ("" none)
  std::function<void(const GuestFrame&)> on_frame;
};

Result<QemuRun> RunQemu(const std::vector<std::string>& argv, const QemuRunOptions& opts);

}  // namespace fsfuzz::vm
