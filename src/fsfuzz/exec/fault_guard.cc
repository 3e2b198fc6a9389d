// SIGBUS-tolerant copies (see fault_guard.h): sigsetjmp per copy, siglongjmp from the handler.
#include "src/fsfuzz/exec/fault_guard.h"

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {
namespace {

// Per thread: where a fault in the running guarded copy jumps to, and whether one runs.
// Plain TLS (no constructors) so the handler can touch it.
thread_local sigjmp_buf t_env;
thread_local volatile sig_atomic_t t_armed = 0;
// The signal mask at the fault, restored after the jump (see RestoreMask).
thread_local sigset_t t_fault_mask;
thread_local volatile sig_atomic_t t_have_mask = 0;
// Pattern chunks for GuardedStorePattern; a chunk never exceeds this or a page.
thread_local uint8_t t_fill[4096];

std::atomic<bool> g_installed{false};

void OnSigbus(int sig, siginfo_t* info, void* ucontext) {
  if (t_armed) {
    t_armed = 0;
    t_have_mask = 0;
    if (ucontext != nullptr) {
      t_fault_mask = static_cast<ucontext_t*>(ucontext)->uc_sigmask;
      t_have_mask = 1;
    }
    siglongjmp(t_env, 1);
  }
  // Not a guarded copy: restore the default action. Returning re-executes the faulting
  // access, which now kills the process as it would have without us; a SIGBUS sent by
  // kill() has no access to re-execute, so it is raised again.
  struct sigaction dfl;
  std::memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(SIGBUS, &dfl, nullptr);
  g_installed.store(false, std::memory_order_relaxed);
  if (info == nullptr || info->si_code <= 0) raise(sig);
}

size_t PageSize() {
  static const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

// The copies use sigsetjmp(env, 0), which saves no mask, so the per-copy path makes no
// syscall. With SA_NODEFER the kernel leaves SIGBUS unblocked in the handler, but a runtime
// that wraps handlers (TSan) may block signals around ours: after a fault, put back the
// mask the thread had when it faulted. One syscall, on the fault path only.
void RestoreMask() {
  if (t_have_mask) pthread_sigmask(SIG_SETMASK, &t_fault_mask, nullptr);
}

void EnsureInstalled() {
  if (!g_installed.load(std::memory_order_relaxed)) InstallSigbusHandler();
}

// The copy loop, kept out of the function that calls sigsetjmp so no local of that frame
// changes between sigsetjmp and a siglongjmp (only *done, which is volatile).
__attribute__((noinline)) void CopyChunks(uint8_t* d, const uint8_t* s, size_t n,
                                          volatile size_t* done) {
  const size_t page = PageSize();
  size_t i = 0;
  while (i < n) {
    size_t c = n - i;
    c = std::min(c, page - reinterpret_cast<uintptr_t>(s + i) % page);
    c = std::min(c, page - reinterpret_cast<uintptr_t>(d + i) % page);
    std::memcpy(d + i, s + i, c);
    // The chunk's stores must be complete before it is counted as done.
    std::atomic_signal_fence(std::memory_order_seq_cst);
    i += c;
    *done = i;
  }
}

// Compares without a chunking of its own: memcmp only loads, and a SIGBUS only says the
// bytes are not all there (the caller then copies, which records where it stopped).
__attribute__((noinline)) bool EqualNoGuard(const uint8_t* mapped, const uint8_t* ref, size_t n) {
  return std::memcmp(mapped, ref, n) == 0;
}

__attribute__((noinline)) void StoreChunks(uint8_t* d, uint64_t seed, uint32_t src, uint64_t pos,
                                           size_t n, volatile size_t* done) {
  const size_t page = PageSize();
  size_t i = 0;
  while (i < n) {
    size_t c = std::min(n - i, sizeof t_fill);
    c = std::min(c, page - reinterpret_cast<uintptr_t>(d + i) % page);
    FillPattern(seed, src, pos + i, t_fill, c);
    std::memcpy(d + i, t_fill, c);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    i += c;
    *done = i;
  }
}

}  // namespace

void InstallSigbusHandler() {
  if (SigbusHandlerInstalled()) {
    g_installed.store(true, std::memory_order_relaxed);
    return;
  }
  struct sigaction sa;
  std::memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = OnSigbus;
  // SA_NODEFER: SIGBUS stays unblocked after we siglongjmp out of the handler, so the
  // copy can use sigsetjmp(env, 0) and skip a sigprocmask syscall per copy.
  sa.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGBUS, &sa, nullptr);
  g_installed.store(true, std::memory_order_relaxed);
}

bool SigbusHandlerInstalled() {
  struct sigaction cur;
  if (sigaction(SIGBUS, nullptr, &cur) != 0) return false;
  return (cur.sa_flags & SA_SIGINFO) != 0 && cur.sa_sigaction == OnSigbus;
}

size_t GuardedCopy(void* dst, const void* src, size_t n, bool* sigbus) {
  EnsureInstalled();
  volatile size_t done = 0;
  *sigbus = false;
  if (sigsetjmp(t_env, 0) != 0) {
    RestoreMask();
    *sigbus = true;
    return done;
  }
  t_armed = 1;
  CopyChunks(static_cast<uint8_t*>(dst), static_cast<const uint8_t*>(src), n, &done);
  t_armed = 0;
  return done;
}

bool GuardedEqual(const void* mapped, const void* ref, size_t n) {
  EnsureInstalled();
  if (sigsetjmp(t_env, 0) != 0) {
    RestoreMask();
    return false;
  }
  t_armed = 1;
  const bool eq = EqualNoGuard(static_cast<const uint8_t*>(mapped), static_cast<const uint8_t*>(ref), n);
  t_armed = 0;
  return eq;
}

size_t GuardedStorePattern(void* dst, uint64_t seed, uint32_t src, uint64_t pos, size_t n,
                           bool* sigbus) {
  EnsureInstalled();
  volatile size_t done = 0;
  *sigbus = false;
  if (sigsetjmp(t_env, 0) != 0) {
    RestoreMask();
    *sigbus = true;
    return done;
  }
  t_armed = 1;
  StoreChunks(static_cast<uint8_t*>(dst), seed, src, pos, n, &done);
  t_armed = 0;
  return done;
}

}  // namespace fsfuzz
