// Interrupt handling for stress runs (see interrupt.h).
#include "stress/interrupt.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>

#include "src/fsfuzz/testbed/teardown.h"

namespace fsfuzz::stress {
namespace {

std::atomic<int> g_count{0};
std::atomic<int> g_first{0};
std::atomic<bool> g_requested{false};  // Request(): a stop without a signal

void OnSignal(int sig) {
  int expected = 0;
  g_first.compare_exchange_strong(expected, sig);
  if (g_count.fetch_add(1) == 0) {
    static const char kMsg[] = "\nfsfuzz: stopping after the current program (again to abort)\n";
    (void)!write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
    return;
  }
  // Second signal: undo mounts and loop devices now; lanes may be stuck in the kernel.
  static const char kMsg[] = "\nfsfuzz: aborting; testbeds torn down\n";
  TeardownAll();
  (void)!write(STDERR_FILENO, kMsg, sizeof kMsg - 1);
  _exit(128 + sig);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_count = 0;
  g_first = 0;
  g_requested = false;
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  sigaction(SIGINT, &sa, &old_int_);
  sigaction(SIGTERM, &sa, &old_term_);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &old_int_, nullptr);
  sigaction(SIGTERM, &old_term_, nullptr);
}

bool InterruptGuard::Requested() { return g_count.load() > 0 || g_requested.load(); }
int InterruptGuard::Signal() { return g_first.load(); }
void InterruptGuard::Request() { g_requested = true; }

BlockInterrupts::BlockInterrupts() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGINT);
  sigaddset(&s, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &s, &old_);
}

BlockInterrupts::~BlockInterrupts() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }

}  // namespace fsfuzz::stress
