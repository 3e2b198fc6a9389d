// SIGINT/SIGTERM for long runs: the first asks the run to stop after the current
// program (and tear down as usual); the second tears every testbed down at once from the
// handler (TeardownAll, async-signal-safe) and exits 130. Our handler replaces the
// default action, so the teardown registry leaves these signals to us (testbed/teardown.h).
#pragma once

#include <signal.h>

namespace fsfuzz::stress {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the handlers
  ~InterruptGuard();  // restores the previous actions
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  static bool Requested();
  static int Signal();  // the first signal received (0: none)
  // For tests and for a stop that is not a signal.
  static void Request();

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

// Blocks SIGINT and SIGTERM in the calling thread while alive, so threads started meanwhile
// (lanes, workers, watchers) inherit the block and only the control thread takes them: a
// signal never interrupts a syscall under test (EINTR would look like a finding).
class BlockInterrupts {
 public:
  BlockInterrupts();
  ~BlockInterrupts();
  BlockInterrupts(const BlockInterrupts&) = delete;
  BlockInterrupts& operator=(const BlockInterrupts&) = delete;

 private:
  sigset_t old_;
};

}  // namespace fsfuzz::stress
