// Signal handler that only records the signal and writes a byte to a self-pipe.
#include "src/fsfuzz/vm/interrupt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

namespace fsfuzz::vm {
namespace {

std::mutex g_mu;
int g_depth = 0;
int g_pipe[2] = {-1, -1};
std::atomic<int> g_signal{0};
struct sigaction g_old_int, g_old_term;

void OnSignal(int sig) {
  int expected = 0;
  g_signal.compare_exchange_strong(expected, sig);
  if (g_pipe[1] >= 0) {
    char c = 1;
    (void)!write(g_pipe[1], &c, 1);
  }
}

}  // namespace

ScopedInterruptGuard::ScopedInterruptGuard() {
  std::lock_guard<std::mutex> l(g_mu);
  if (g_depth++ > 0) return;
  g_signal = 0;
  if (pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction sa = {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &g_old_int);
  sigaction(SIGTERM, &sa, &g_old_term);
}

ScopedInterruptGuard::~ScopedInterruptGuard() {
  int sig = 0;
  {
    std::lock_guard<std::mutex> l(g_mu);
    if (--g_depth > 0) return;
    sigaction(SIGINT, &g_old_int, nullptr);
    sigaction(SIGTERM, &g_old_term, nullptr);
    for (int& fd : g_pipe) {
      if (fd >= 0) close(fd);
      fd = -1;
    }
    sig = g_signal.exchange(0);
  }
  if (sig != 0) raise(sig);  // everything we owned is gone: let the signal take effect
}

bool Interrupted() { return g_signal.load() != 0; }
int InterruptSignal() { return g_signal.load(); }
int InterruptFd() { return g_pipe[0]; }

}  // namespace fsfuzz::vm
