// Holds SIGINT/SIGTERM while a VM run owns resources (qemu, images, temp dirs), so cleanup
// runs first; the signal is re-raised once the outermost guard is gone.
#pragma once

namespace fsfuzz::vm {

class ScopedInterruptGuard {
 public:
  ScopedInterruptGuard();   // installs the handlers (nested guards share the outermost)
  ~ScopedInterruptGuard();  // outermost: restores the old handlers, re-raises a caught signal
  ScopedInterruptGuard(const ScopedInterruptGuard&) = delete;
  ScopedInterruptGuard& operator=(const ScopedInterruptGuard&) = delete;
};

bool Interrupted();      // SIGINT or SIGTERM arrived under a guard
int InterruptSignal();   // that signal, 0 if none
int InterruptFd();       // polls readable once a signal arrived; -1 without a guard

}  // namespace fsfuzz::vm
