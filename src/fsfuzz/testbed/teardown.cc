// The teardown registry and its signal handler (see teardown.h for why it is safe).
#include "src/fsfuzz/testbed/teardown.h"

#include <linux/loop.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace fsfuzz {
namespace {

constexpr int kSlots = 32;
constexpr int kMaxActions = 8;
constexpr size_t kMaxPath = 1024;

enum SlotState : int { kFree = 0, kFilling = 1, kArmed = 2, kRunning = 3, kDone = 4 };

struct Action {
  TeardownOp op;
  char path[kMaxPath];
};

struct Slot {
  std::atomic<int> state{kFree};
  std::atomic<int> fd{-1};
  int n = 0;
  Action actions[kMaxActions];
};

// Lock-free atomics are plain loads and stores: usable from a signal handler.
static_assert(std::atomic<int>::is_always_lock_free);
static_assert(std::atomic<pid_t>::is_always_lock_free);

Slot g_slots[kSlots];
std::atomic<pid_t> g_owner{0};
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

// Only syscalls from signal-safety(7); errno is saved because a handler must not
// clobber the errno of the code it interrupted.
void RunSlot(Slot& s) {
  bool dirs_ok = true;
  for (int i = 0; i < s.n; ++i) {
    const Action& a = s.actions[i];
    switch (a.op) {
      case TeardownOp::kUmount:
        ::umount2(a.path, MNT_DETACH);
        break;
      case TeardownOp::kLoopClear: {
        int fd = s.fd.load(std::memory_order_acquire);
        if (fd >= 0) ::ioctl(fd, LOOP_CLR_FD, 0);
        break;
      }
      case TeardownOp::kCloseFd: {
        int fd = s.fd.exchange(-1, std::memory_order_acq_rel);
        if (fd >= 0) ::close(fd);
        break;
      }
      case TeardownOp::kUnlink:
        ::unlink(a.path);
        break;
      case TeardownOp::kRmdir:
        if (::rmdir(a.path) != 0 && errno != ENOENT) dirs_ok = false;
        break;
      case TeardownOp::kMarker:
        if (dirs_ok) ::unlink(a.path);
        break;
      case TeardownOp::kRmdirOther:
        ::rmdir(a.path);
        break;
    }
  }
}

void RunAll() {
  if (g_owner.load(std::memory_order_acquire) != ::getpid()) return;
  int saved_errno = errno;
  for (Slot& s : g_slots) {
    int expected = kArmed;
    if (s.state.compare_exchange_strong(expected, kRunning, std::memory_order_acq_rel)) {
      RunSlot(s);
      s.state.store(kDone, std::memory_order_release);
    }
  }
  errno = saved_errno;
}

void OnSignal(int sig) {
  RunAll();
  // Default action, then the same signal again: it is delivered when this handler
  // returns (it is blocked while we run), so the exit status names the signal.
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  ::sigaction(sig, &dfl, nullptr);
  ::raise(sig);
}

void AtExit() { RunAll(); }

std::once_flag g_install_once;

void InstallOnce() {
  g_owner.store(::getpid(), std::memory_order_release);
  for (int sig : kSignals) {
    struct sigaction old;
    if (::sigaction(sig, nullptr, &old) != 0) continue;
    // SIG_IGN (nohup) and someone else's handler are respected.
    if ((old.sa_flags & SA_SIGINFO) != 0 || old.sa_handler != SIG_DFL) continue;
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_handler = OnSignal;
    sigemptyset(&sa.sa_mask);
    for (int other : kSignals) sigaddset(&sa.sa_mask, other);  // one teardown at a time
    ::sigaction(sig, &sa, nullptr);
  }
  std::atexit(AtExit);
}

Slot* Get(TeardownHandle h) {
  if (h.slot < 0 || h.slot >= kSlots) return nullptr;
  return &g_slots[h.slot];
}

}  // namespace

void InstallTeardownSignalHandlers() { std::call_once(g_install_once, InstallOnce); }

TeardownHandle RegisterTeardown(const std::vector<TeardownAction>& actions) {
  InstallTeardownSignalHandlers();
  if (actions.size() > static_cast<size_t>(kMaxActions)) return {};
  for (const TeardownAction& a : actions) {
    if (a.path.size() >= kMaxPath) return {};
  }
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kFilling)) continue;
    Slot& s = g_slots[i];
    s.n = static_cast<int>(actions.size());
    for (int k = 0; k < s.n; ++k) {
      s.actions[k].op = actions[k].op;
      std::memset(s.actions[k].path, 0, kMaxPath);
      std::memcpy(s.actions[k].path, actions[k].path.data(), actions[k].path.size());
    }
    s.fd.store(-1, std::memory_order_relaxed);
    s.state.store(kArmed, std::memory_order_release);  // publishes the arrays
    return TeardownHandle{i};
  }
  return {};
}

void SetTeardownFd(TeardownHandle h, int fd) {
  if (Slot* s = Get(h)) s->fd.store(fd, std::memory_order_release);
}

bool UnregisterTeardown(TeardownHandle h) {
  Slot* s = Get(h);
  if (s == nullptr) return false;
  s->fd.store(-1, std::memory_order_release);
  int expected = kArmed;
  if (s->state.compare_exchange_strong(expected, kFree, std::memory_order_acq_rel)) return true;
  // Run by a handler or TeardownAll: free it once done (never while it runs).
  if (expected == kDone) s->state.store(kFree, std::memory_order_release);
  return false;
}

bool TeardownArmed(TeardownHandle h) {
  Slot* s = Get(h);
  return s != nullptr && s->state.load(std::memory_order_acquire) == kArmed;
}

void TeardownAll() { RunAll(); }

}  // namespace fsfuzz
