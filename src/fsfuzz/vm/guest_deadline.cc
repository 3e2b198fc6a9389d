// Deadline rules per /init event (see guest_deadline.h).
#include "src/fsfuzz/vm/guest_deadline.h"

namespace fsfuzz::vm {

GuestDeadline::GuestDeadline(DeadlinePolicy p, double now) : p_(std::move(p)), deadline_(now + p_.boot_s) {}

double GuestDeadline::Remaining(size_t from) const {
  double s = 0;
  for (size_t i = from; i < p_.command_timeouts_s.size(); ++i) s += p_.command_timeouts_s[i];
  return s;
}

void GuestDeadline::OnFrame(const GuestFrame& f, double now) {
  if (f.source != GuestFrame::Source::kInit || !f.valid || !f.data.is_object()) return;
  if (hang_dumped_) return;  // nothing extends the deadline once the guest gave up
  const std::string ev = f.data.value("event", "");
  const size_t index = f.data.value("index", 0u);
  if (ev == "start" || ev == "modules_loaded" || ev == "results" || ev == "mount" ||
      ev == "crash_hook") {
    // Each setup step (module loading, one mount) gets setup_s; past it the guest
    // watchdog dumps stacks (mounts), within grace_s.
    started_ = true;
    phase_ = "setup";
    deadline_ = now + p_.setup_s + p_.grace_s;
  } else if (ev == "cmd_start") {
    phase_ = "command " + std::to_string(index);
    deadline_ = now + Remaining(index) + p_.grace_s + p_.setup_s;
  } else if (ev == "cmd_exit") {
    phase_ = "after command " + std::to_string(index);
    deadline_ = now + Remaining(index + 1) + p_.grace_s + p_.setup_s;
  } else if (ev == "hang_dumped") {
    phase_ = f.data.contains("index") ? "hang in command " + std::to_string(index)
                                      : "hang mounting " + f.data.value("mount", std::string());
    hang_dumped_ = true;
    deadline_ = now + p_.drain_s;
  } else if (ev == "umount") {
    deadline_ = now + p_.setup_s;
  } else if (ev == "done") {
    phase_ = "poweroff";
    deadline_ = now + p_.setup_s;
  }
}

}  // namespace fsfuzz::vm
