// The host's deadline for a running guest, moved by /init's frames: boot, then each setup
// step (modules, each mount), then the remaining commands' budgets (a lost frame never
// cuts a command short); soon after the guest says it dumped a hung command's stacks.
// The host kills qemu when it passes. Pure (tested alone).
#pragma once

#include <string>
#include <vector>

#include "src/fsfuzz/vm/console.h"

namespace fsfuzz::vm {

struct DeadlinePolicy {
  double boot_s = 120;            // qemu start -> /init's "start" frame
  double setup_s = 120;           // each setup step (modules, a mount), unmount, poweroff
  double grace_s = 30;            // past a command's own deadline: the guest's stack dump
  double drain_s = 2;             // after "hang_dumped": let the console drain, then kill
  std::vector<int> command_timeouts_s;
};

class GuestDeadline {
 public:
  GuestDeadline(DeadlinePolicy p, double now);
  void OnFrame(const GuestFrame& f, double now);  // /init frames only; others are ignored
  double deadline() const { return deadline_; }
  bool hang_dumped() const { return hang_dumped_; }
  bool started() const { return started_; }       // /init ran
  const std::string& phase() const { return phase_; }

 private:
  double Remaining(size_t from) const;  // sum of the command timeouts from `from` on
  DeadlinePolicy p_;
  double deadline_;
  bool hang_dumped_ = false;
  bool started_ = false;
  std::string phase_ = "boot";
};

}  // namespace fsfuzz::vm
