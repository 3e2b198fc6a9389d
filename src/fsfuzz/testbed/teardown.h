// The teardown registry: what must be undone (mounts, loop devices, files, dirs) is
// recorded as precomputed paths and fds, so it can be undone from a signal handler, at
// exit(), or by TeardownAll() when a caller exits early.
//
// Why the signal path is safe: the handler only reads fixed-size arrays filled before
// the slot was armed (an atomic with release/acquire ordering publishes them), calls
// async-signal-safe syscalls (umount2, ioctl, unlink, rmdir, getpid, sigaction, raise;
// see signal-safety(7)), allocates nothing and takes no lock. A slot is claimed with a
// compare-exchange, so a handler and a normal teardown never fight over its arrays; every
// action is idempotent, so running one twice does no harm. The umount is MNT_DETACH
// because the process may still hold files open in the mount (a worker stuck in the
// kernel, the handler interrupting a write): the mount leaves the namespace at once and
// the filesystem is shut down when those files close, which at the latest is when the
// re-raised signal ends the process; the loop device has LO_FLAGS_AUTOCLEAR, so the
// kernel detaches it when that last reference goes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fsfuzz {

enum class TeardownOp : uint8_t {
  kUmount,      // umount2(path, MNT_DETACH)
  kLoopClear,   // ioctl(slot's fd, LOOP_CLR_FD) if the fd is set
  kCloseFd,     // close(slot's fd) if set (an open file would keep a later rmdir busy)
  kUnlink,      // unlink(path)
  kRmdir,       // rmdir(path); a failure other than ENOENT keeps the marker below
  kMarker,      // unlink(path) only if every earlier kRmdir succeeded, so that
                // `fsfuzz cleanup` can still recognise a directory we could not remove
  kRmdirOther,  // rmdir(path) of something that is not ours to keep the marker for (a
                // tracefs instance: it lives in the kernel, not in the work dir, and a
                // forked lane holding its trace_pipe keeps it busy; cleanup removes it later)
};

struct TeardownAction {
  TeardownOp op;
  std::string path;  // unused for kLoopClear and kCloseFd
};

// A registered slot. Default-constructed: none.
struct TeardownHandle {
  int slot = -1;
  bool valid() const { return slot >= 0; }
};

// Arms a slot with `actions` (run in order). Installs the signal handlers (SIGINT,
// SIGTERM, SIGHUP, where their action is still the default) and an atexit hook on first
// use. Fails (invalid handle) when every slot is taken or a path is too long.
TeardownHandle RegisterTeardown(const std::vector<TeardownAction>& actions);

// Sets or clears (-1) the fd kLoopClear and kCloseFd use. Clear it before closing the
// fd, so a handler never acts on a reused fd number.
void SetTeardownFd(TeardownHandle h, int fd);

// Disarms the slot after a normal teardown did the work. Returns false when a handler
// or TeardownAll() already ran it (the caller then has nothing left to do).
bool UnregisterTeardown(TeardownHandle h);

// True while the slot is armed (not yet run by TeardownAll or a signal).
bool TeardownArmed(TeardownHandle h);

// Runs every armed slot now (lazy unmounts, loop clear, unlink, rmdir) and disarms
// them. Async-signal-safe: callable from another signal handler, the hang watchdog, or
// before _exit(). Does nothing in a forked child (only the registering process owns the
// resources).
void TeardownAll();

// Installs the SIGINT/SIGTERM/SIGHUP handlers now (RegisterTeardown does it lazily). A
// signal whose action is not SIG_DFL is left alone: its owner must call TeardownAll().
void InstallTeardownSignalHandlers();

}  // namespace fsfuzz
