// Tests for the SIGINT/SIGTERM guard: held while guarded, re-raised afterwards.
#include "src/fsfuzz/vm/interrupt.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>

namespace fsfuzz::vm {
namespace {

volatile sig_atomic_t g_seen = 0;
void Seen(int sig) { g_seen = sig; }

TEST(Interrupt, HeldThenReraised) {
  struct sigaction sa = {}, old;
  sa.sa_handler = Seen;
  sigaction(SIGTERM, &sa, &old);
  g_seen = 0;
  {
    ScopedInterruptGuard outer;
    {
      ScopedInterruptGuard inner;  // nested: shares the outer one
      EXPECT_FALSE(Interrupted());
      ASSERT_GE(InterruptFd(), 0);
      raise(SIGTERM);
      EXPECT_TRUE(Interrupted());
      EXPECT_EQ(InterruptSignal(), SIGTERM);
      pollfd p = {InterruptFd(), POLLIN, 0};
      EXPECT_EQ(poll(&p, 1, 0), 1);
    }
    EXPECT_EQ(g_seen, 0);  // still held: the outer guard owns resources
  }
  EXPECT_EQ(g_seen, SIGTERM);  // re-raised to the handler that was there before
  EXPECT_FALSE(Interrupted());
  EXPECT_EQ(InterruptFd(), -1);
  sigaction(SIGTERM, &old, nullptr);
}

}  // namespace
}  // namespace fsfuzz::vm
