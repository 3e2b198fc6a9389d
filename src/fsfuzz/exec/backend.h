// A Backend performs ops on one file: the POSIX backend with real syscalls, the simulated
// backend in memory with switchable bugs. The executor drives it; it knows no model.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz {

class Backend {
 public:
  virtual ~Backend() = default;

  virtual const Env& env() const = 0;

  // Starts a program: the file reset to the header's initial contents (data pattern
  // kSrcInit, or a hole when sparse), the aux file made, no mappings, seed remembered.
  virtual Status Reset(const Header& header) = 0;

  // Runs one op and fills rec (ret, err, sigbus, data; not id/thread/times). Ops of one
  // round run concurrently on different threads; everything else is single-threaded.
  virtual void Run(const Op& op, uint32_t id, OpRecord& rec) = 0;

  // Reads one view of [off, off+len) into out (file offsets; slot views go through the
  // slot's mapping and record a SIGBUS instead of dying).
  virtual void Observe(View view, uint8_t slot, uint64_t off, uint64_t len, Observation& out) = 0;

  // Whether a read of the view's [off, off+len) would return exactly ref_len bytes (less
  // than len only at EOF; a mapping's never) equal to ref[0, ref_len) — compared in place,
  // with no copy. The executor asks this before Observe when the buffered view just read
  // those bytes; a false costs it an Observe. Backends that cannot compare in place say no.
  virtual bool ViewEquals(View view, uint8_t slot, uint64_t off, uint64_t len, const uint8_t* ref,
                          uint64_t ref_len) {
    (void)view, (void)slot, (void)off, (void)len, (void)ref, (void)ref_len;
    return false;
  }

  // st_size now.
  virtual Result<uint64_t> Size() = 0;

  // Ends a program: unmaps every slot, then fsync to drain write-back errors into drain.
  virtual void Finish(OpRecord& drain) = 0;

  // Per-thread buffer setup outside the timed path (called once on each worker thread).
  virtual void PrepareThread() {}

  // The testbed's remount (cold cache). The backend unmaps its slots and closes its
  // files around the call and re-establishes them after. Unset: `remount` is skipped.
  void SetRemountHook(std::function<Status()> hook) { remount_hook_ = std::move(hook); }

 protected:
  std::function<Status()> remount_hook_;
};

}  // namespace fsfuzz
