// The POSIX backend's ops (see posix_backend.h): each is one syscall, or a guarded copy
// through a mapping, plus the pattern fill of the data it writes.
#include "src/fsfuzz/exec/posix_backend.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "src/fsfuzz/exec/fault_guard.h"
#include "src/fsfuzz/exec/thread_buffer.h"
#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {
namespace {


void SetRet(OpRecord& rec, int64_t r) {
  rec.ret = r;
  rec.err = r < 0 ? errno : 0;
}

void Fail(OpRecord& rec, int err, std::string note) {
  rec.ret = -1;
  rec.err = err;
  if (!note.empty()) rec.note = std::move(note);
}

int FallocFlags(uint8_t mode) {
  switch (static_cast<FallocMode>(mode)) {
    case FallocMode::kAlloc: return 0;
    case FallocMode::kKeep: return FALLOC_FL_KEEP_SIZE;
    case FallocMode::kPunch: return FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
    case FallocMode::kZero: return FALLOC_FL_ZERO_RANGE;
    case FallocMode::kZeroKeep: return FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE;
  }
  return 0;
}

int MsyncFlags(uint8_t mode) {
  switch (static_cast<MsyncMode>(mode)) {
    case MsyncMode::kSync: return MS_SYNC;
    case MsyncMode::kAsync: return MS_ASYNC;
    case MsyncMode::kInvalidate: return MS_INVALIDATE;
  }
  return MS_SYNC;
}

int MadviseAdvice(uint8_t mode) {
  switch (static_cast<MadviseMode>(mode)) {
    case MadviseMode::kDontneed: return MADV_DONTNEED;
    case MadviseMode::kPageout: return MADV_PAGEOUT;
    case MadviseMode::kCold: return MADV_COLD;
    case MadviseMode::kWillneed: return MADV_WILLNEED;
  }
  return MADV_NORMAL;
}

std::string Errno(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

}  // namespace

PosixBackend::SlotState* PosixBackend::LiveSlot(uint8_t slot, OpRecord& rec) {
  if (slot < kMaxSlots && slots_[slot].addr != nullptr) return &slots_[slot];
  rec.skipped = true;
  rec.note = "slot m" + std::to_string(slot) + " is not mapped (its mmap failed)";
  return nullptr;
}

uint8_t* PosixBackend::UserBuffer(const Op& op, OpRecord& rec) {
  if (op.buf.kind == Buf::Kind::kHeap) return ThreadScratch(op.buf.off + op.len) + op.buf.off;
  SlotState* s = LiveSlot(op.buf.slot, rec);
  if (s == nullptr) return nullptr;
  if (op.buf.off > s->map.len || op.len > s->map.len - op.buf.off) {
    Fail(rec, EINVAL, "buffer runs past the end of its mapping");
    return nullptr;
  }
  return s->addr + op.buf.off;
}

void PosixBackend::DoWrite(int fd, const Op& op, uint32_t id, OpRecord& rec) {
  uint8_t* buf = UserBuffer(op, rec);
  if (buf == nullptr) return;
  if (op.buf.kind == Buf::Kind::kHeap) FillPattern(seed_, id, op.off, buf, op.len);
  SetRet(rec, pwrite(fd, buf, op.len, static_cast<off_t>(op.off)));
}

void PosixBackend::DoRead(int fd, const Op& op, OpRecord& rec) {
  uint8_t* buf = UserBuffer(op, rec);
  if (buf == nullptr) return;
  ssize_t r = pread(fd, buf, op.len, static_cast<off_t>(op.off));
  SetRet(rec, r);
  if (r <= 0) return;
  if (op.buf.kind == Buf::Kind::kHeap) {
    AssignBytes(rec.data, buf, static_cast<size_t>(r));
    return;
  }
  // The destination is a mapping: record what it holds now, which a racing op (or the
  // mapping being of the very range read) may make differ from what was read.
  rec.data.resize(static_cast<size_t>(r));
  bool sigbus = false;
  size_t done = GuardedCopy(rec.data.data(), buf, static_cast<size_t>(r), &sigbus);
  if (sigbus) {
    rec.data.resize(done);
    rec.sigbus = true;
    rec.note = "the destination mapping took SIGBUS when read back after the call";
  }
}

void PosixBackend::DoMmap(const Op& op, OpRecord& rec) {
  if (op.slot >= kMaxSlots || op.mode > static_cast<uint8_t>(MapMode::kAuxPrivate)) {
    Fail(rec, EINVAL, "bad slot or mode");
    return;
  }
  if (slots_[op.slot].addr != nullptr) munmap(slots_[op.slot].addr, slots_[op.slot].map.len);
  slots_[op.slot].addr = nullptr;
  int e = MapSlot(op.slot, Mapping{op.off, op.len, static_cast<MapMode>(op.mode)});
  rec.ret = e ? -1 : 0;
  rec.err = e;
}

void PosixBackend::DoTouch(const Op& op, uint32_t id, OpRecord& rec) {
  SlotState* s = LiveSlot(op.slot, rec);
  if (s == nullptr) return;
  if (op.off > s->map.len || op.len > s->map.len - op.off) {
    Fail(rec, EINVAL, "range runs past the end of the mapping");
    return;
  }
  uint8_t* p = s->addr + op.off;
  bool sigbus = false;
  size_t done;
  if (op.kind == OpKind::kTouchRead) {
    rec.data.resize(op.len);
    done = GuardedCopy(rec.data.data(), p, op.len, &sigbus);
    rec.data.resize(done);
  } else {
    done = GuardedStorePattern(p, seed_, id, s->map.off + op.off, op.len, &sigbus);
  }
  rec.ret = static_cast<int64_t>(done);
  rec.sigbus = sigbus;
}

void PosixBackend::DoRangeSyscall(const Op& op, OpRecord& rec) {
  SlotState* s = LiveSlot(op.slot, rec);
  if (s == nullptr) return;
  if (op.off > s->map.len || op.len > s->map.len - op.off) {
    Fail(rec, EINVAL, "range runs past the end of the mapping");
    return;
  }
  uint8_t* p = s->addr + op.off;
  if (op.kind == OpKind::kMsync) {
    SetRet(rec, msync(p, op.len, MsyncFlags(op.mode)));
  } else {
    SetRet(rec, madvise(p, op.len, MadviseAdvice(op.mode)));
  }
}

void PosixBackend::DoEvict(const Op& op, OpRecord& rec) {
  if (static_cast<EvictMode>(op.mode) == EvictMode::kFadvise) {
    int e = posix_fadvise(fd_, 0, 0, POSIX_FADV_DONTNEED);
    rec.ret = e ? -1 : 0;
    rec.err = e;
    return;
  }
  if (!env_.can_drop_caches) {
    rec.skipped = true;
    rec.note = "drop_caches not permitted here (see env.skipped)";
    for (const std::string& s : env_.skipped) {
      if (s.rfind("drop_caches:", 0) == 0) rec.note = s;
    }
    return;
  }
  // drop_caches drops only clean pages: write this file back first.
  if (fsync(fd_) != 0) {
    Fail(rec, errno, "fsync before drop_caches failed");
    return;
  }
  int pfd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
  if (pfd < 0 || write(pfd, "1", 1) != 1) {
    int e = errno;
    if (pfd >= 0) close(pfd);
    if (e == EACCES || e == EPERM || e == EROFS) {
      rec.skipped = true;
      rec.note = Errno("drop_caches", e);
    } else {
      Fail(rec, e, Errno("drop_caches", e));
    }
    return;
  }
  close(pfd);
  rec.ret = 0;
}

void PosixBackend::DoRemount(OpRecord& rec) {
  if (!remount_hook_) {
    rec.skipped = true;
    rec.note = kNoHookNote;
    return;
  }
  std::array<std::optional<Mapping>, kMaxSlots> keep;
  for (int i = 0; i < kMaxSlots; ++i) {
    if (slots_[i].addr != nullptr) keep[i] = slots_[i].map;
  }
  // Nothing of ours may hold the mount busy: mappings, files and the directory go.
  UnmapAll();
  CloseFiles();
  Status hook = remount_hook_();
  Status reopen = OpenFiles();
  rec.ret = 0;
  if (!hook.ok()) Fail(rec, EIO, "remount hook: " + hook.ToString());
  if (!reopen.ok()) {
    status_ = reopen;  // every later Reset reports it: the run cannot go on
    Fail(rec, EIO, rec.note + (rec.note.empty() ? "" : "; ") + "reopen: " + reopen.ToString());
    return;
  }
  for (uint8_t i = 0; i < kMaxSlots; ++i) {
    if (!keep[i]) continue;
    if (int e = MapSlot(i, *keep[i]); e != 0) {
      Fail(rec, e, rec.note + (rec.note.empty() ? "" : "; ") + "re-mmap of m" + std::to_string(i) + " failed");
    }
  }
  struct stat st;
  if (fstat(aux_fd_, &st) != 0 || static_cast<uint64_t>(st.st_size) != aux_size_) aux_valid_ = false;
}

void PosixBackend::Run(const Op& op, uint32_t id, OpRecord& rec) {
  switch (op.kind) {
    case OpKind::kWrite: DoWrite(fd_, op, id, rec); return;
    case OpKind::kRead: DoRead(fd_, op, rec); return;
    case OpKind::kDWrite:
    case OpKind::kDRead:
      if (dio_fd_ < 0) {
        Fail(rec, EINVAL, "O_DIRECT is not supported here");
      } else if (op.kind == OpKind::kDWrite) {
        DoWrite(dio_fd_, op, id, rec);
      } else {
        DoRead(dio_fd_, op, rec);
      }
      return;
    case OpKind::kMmap: DoMmap(op, rec); return;
    case OpKind::kMunmap:
      if (SlotState* s = LiveSlot(op.slot, rec)) {
        SetRet(rec, munmap(s->addr, s->map.len));
        s->addr = nullptr;
      }
      return;
    case OpKind::kTouchRead:
    case OpKind::kTouchWrite: DoTouch(op, id, rec); return;
    case OpKind::kTruncate: SetRet(rec, ftruncate(fd_, static_cast<off_t>(op.size))); return;
    case OpKind::kFallocate:
      SetRet(rec, fallocate(fd_, FallocFlags(op.mode), static_cast<off_t>(op.off),
                            static_cast<off_t>(op.len)));
      return;
    case OpKind::kFsync: SetRet(rec, fsync(fd_)); return;
    case OpKind::kFdatasync: SetRet(rec, fdatasync(fd_)); return;
    case OpKind::kMsync:
    case OpKind::kMadvise: DoRangeSyscall(op, rec); return;
    case OpKind::kEvict: DoEvict(op, rec); return;
    case OpKind::kRemount: DoRemount(rec); return;
    case OpKind::kCheck: rec.ret = 0; return;
  }
}

}  // namespace fsfuzz
