// The POSIX backend (see posix_backend.h): files, reset, views, size and drain. The ops
// themselves are in posix_ops.cc.
#include "src/fsfuzz/exec/posix_backend.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "src/fsfuzz/exec/fault_guard.h"
#include "src/fsfuzz/exec/posix_env.h"
#include "src/fsfuzz/exec/thread_buffer.h"
#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {
namespace {

constexpr size_t kFillChunk = 1u << 20;  // initial contents are written in these pieces

std::string Errno(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

}  // namespace


PosixBackend::PosixBackend(std::string dir, PosixOptions options)
    : dir_(std::move(dir)), options_(std::move(options)) {
  env_.backend = "posix";
  InstallSigbusHandler();
  struct stat st;
  if (lstat(dir_.c_str(), &st) != 0) {
    status_ = Status::Environment(Errno(("directory " + dir_).c_str(), errno));
    return;
  }
  // Only files we create, inside a directory that is what it says, are ever opened.
  if (S_ISLNK(st.st_mode)) {
    status_ = Status::Usage(dir_ + " is a symlink; name the real directory");
    return;
  }
  if (!S_ISDIR(st.st_mode)) {
    status_ = Status::Usage(dir_ + " is not a directory");
    return;
  }
  status_ = OpenFiles();
  if (!status_.ok()) return;
  PosixProbeInput in;
  in.dir = dir_;
  in.dir_fd = dir_fd_;
  in.data_name = kDataName;
  in.dio_open_ok = dio_fd_ >= 0;
  in.dio_open_errno = dio_open_errno_;
  in.allow_drop_caches = options_.allow_drop_caches;
  env_ = ProbePosixEnv(in);
  env_.variant = options_.variant;
  if (!options_.mount_options.empty()) env_.mount_options = options_.mount_options;
}

PosixBackend::~PosixBackend() {
  UnmapAll();
  if (options_.unlink_on_close && dir_fd_ >= 0) {
    unlinkat(dir_fd_, kDataName, 0);
    unlinkat(dir_fd_, kAuxName, 0);
  }
  CloseFiles();
}

Result<std::unique_ptr<PosixBackend>> PosixBackend::Create(std::string dir, PosixOptions options) {
  auto b = std::make_unique<PosixBackend>(std::move(dir), std::move(options));
  if (!b->status().ok()) return b->status();
  return b;
}

Status PosixBackend::OpenFiles() {
  dir_fd_ = open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir_fd_ < 0) return Status::FromErrno("open " + dir_, errno);
  fd_ = openat(dir_fd_, kDataName, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) return Status::FromErrno("open " + dir_ + "/" + kDataName, errno);
  struct stat st;
  if (fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::Usage(dir_ + "/" + kDataName + " exists and is not a regular file");
  }
  dio_fd_ = -1;
  dio_open_errno_ = EINVAL;
  if (options_.direct) {
    dio_fd_ = openat(dir_fd_, kDataName, O_RDWR | O_DIRECT | O_NOFOLLOW | O_CLOEXEC);
    dio_open_errno_ = dio_fd_ < 0 ? errno : 0;
  }
  aux_fd_ = openat(dir_fd_, kAuxName, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (aux_fd_ < 0) return Status::FromErrno("open " + dir_ + "/" + kAuxName, errno);
  if (fstat(aux_fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::Usage(dir_ + "/" + kAuxName + " exists and is not a regular file");
  }
  return Status::Ok();
}

void PosixBackend::CloseFiles() {
  for (int* fd : {&fd_, &dio_fd_, &aux_fd_, &dir_fd_, &mem_fd_}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
}

void PosixBackend::UnmapAll() {
  for (SlotState& s : slots_) {
    if (s.addr != nullptr) munmap(s.addr, s.map.len);
    s.addr = nullptr;
  }
}

int PosixBackend::MapSlot(uint8_t slot, const Mapping& m) {
  const int prot = m.aux() ? PROT_READ : PROT_READ | PROT_WRITE;
  const int flags = m.priv() ? MAP_PRIVATE : MAP_SHARED;
  void* a = mmap(nullptr, m.len, prot, flags, m.aux() ? aux_fd_ : fd_, static_cast<off_t>(m.off));
  if (a == MAP_FAILED) return errno;
  slots_[slot].addr = static_cast<uint8_t*>(a);
  slots_[slot].map = m;
  return 0;
}

Status PosixBackend::WritePattern(int fd, uint64_t seed, uint32_t src, uint64_t size) {
  if (ftruncate(fd, 0) != 0) return Status::FromErrno("ftruncate", errno);
  uint8_t* buf = ThreadScratch(kFillChunk);
  uint64_t pos = 0;
  while (pos < size) {
    size_t c = size - pos < kFillChunk ? static_cast<size_t>(size - pos) : kFillChunk;
    FillPattern(seed, src, pos, buf, c);
    size_t done = 0;
    while (done < c) {
      ssize_t r = pwrite(fd, buf + done, c - done, static_cast<off_t>(pos + done));
      if (r < 0) return Status::FromErrno("writing the initial contents", errno);
      if (r == 0) return Status::Io("writing the initial contents: pwrite wrote nothing");
      done += static_cast<size_t>(r);
    }
    pos += c;
  }
  return Status::Ok();
}

void PosixBackend::OverrideEnv(const Env& env) {
  const bool dio = env_.dio_supported;
  env_ = env;
  env_.dio_supported = dio && env.dio_supported;
  remount_state_ = -1;
}

const Env& PosixBackend::env() const {
  // The hook arrives after construction, so can_remount follows it here.
  const int hook = remount_hook_ ? 1 : 0;
  if (hook != remount_state_) {
    remount_state_ = hook;
    env_.can_remount = hook != 0;
    auto& sk = env_.skipped;
    std::erase_if(sk, [](const std::string& s) { return s == kNoHookNote; });
    if (!hook) sk.push_back(kNoHookNote);
  }
  return env_;
}

Status PosixBackend::Reset(const Header& header) {
  if (!status_.ok()) return status_;
  UnmapAll();
  seed_ = header.seed;
  if (header.sparse) {
    if (ftruncate(fd_, 0) != 0) return Status::FromErrno("ftruncate", errno);
    if (ftruncate(fd_, static_cast<off_t>(header.size)) != 0) return Status::FromErrno("ftruncate", errno);
  } else if (Status s = WritePattern(fd_, header.seed, kSrcInit, header.size); !s.ok()) {
    return s;
  }
  // The aux file is never written by a program, so it is rebuilt only when it differs.
  if (!aux_valid_ || aux_size_ != header.aux_size || aux_seed_ != header.seed) {
    aux_valid_ = false;
    if (Status s = WritePattern(aux_fd_, header.seed, kSrcAux, header.aux_size); !s.ok()) return s;
    aux_valid_ = true;
    aux_size_ = header.aux_size;
    aux_seed_ = header.seed;
  }
  return Status::Ok();
}

int64_t PosixBackend::KernelCopy(uint8_t* dst, const uint8_t* addr, size_t len, bool* unmapped) {
  if (mem_fd_ >= 0 && mem_pid_ != ::getpid()) {  // forked since: that descriptor is the parent's
    ::close(mem_fd_);
    mem_fd_ = -1;
  }
  if (mem_fd_ < 0) {
    mem_fd_ = ::open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    if (mem_fd_ < 0) return -1;
    mem_pid_ = ::getpid();
  }
  size_t done = 0;
  while (done < len) {
    // Short at the first page the kernel cannot fault in; EIO when that is the first.
    const ssize_t r = ::pread(mem_fd_, dst + done, len - done,
                              static_cast<off_t>(reinterpret_cast<uintptr_t>(addr + done)));
    if (r <= 0) {
      *unmapped = true;
      break;
    }
    done += static_cast<size_t>(r);
  }
  return static_cast<int64_t>(done);
}

void PosixBackend::Observe(View view, uint8_t slot, uint64_t off, uint64_t len, Observation& out) {
  out.view = view;
  out.slot = slot;
  out.off = off;
  out.len = len;
  out.ret = 0;
  out.err = 0;
  out.sigbus = false;
  out.data.clear();
  if (view == View::kSlot) {
    const SlotState* s = slot < kMaxSlots ? &slots_[slot] : nullptr;
    if (s == nullptr || s->addr == nullptr || off < s->map.off || off - s->map.off > s->map.len ||
        len > s->map.len - (off - s->map.off)) {
      out.ret = -1;
      out.err = EINVAL;
      return;
    }
    out.data.resize(len);
    const uint8_t* from = s->addr + (off - s->map.off);
    const bool kernel_copy = options_.view_reads == ViewReads::kKernel;
    int64_t kernel = kernel_copy ? KernelCopy(out.data.data(), from, len, &out.sigbus) : -1;
    size_t done = kernel >= 0 ? static_cast<size_t>(kernel) : GuardedCopy(out.data.data(), from, len, &out.sigbus);
    out.data.resize(done);
    out.ret = static_cast<int64_t>(done);
    return;
  }
  const bool direct = view == View::kDirect;
  if (direct && dio_fd_ < 0) {
    out.ret = -1;
    out.err = EINVAL;
    return;
  }
  out.data.resize(len);
  // O_DIRECT needs an aligned buffer; buffered reads go straight into the record.
  uint8_t* bounce = direct ? ThreadScratch(len < kFillChunk ? len : kFillChunk) : nullptr;
  size_t got = 0;
  while (got < len) {
    size_t want = len - got;
    if (direct && want > kFillChunk) want = kFillChunk;
    uint8_t* dst = direct ? bounce : out.data.data() + got;
    ssize_t r = pread(direct ? dio_fd_ : fd_, dst, want, static_cast<off_t>(off + got));
    if (r < 0) {
      out.ret = -1;
      out.err = errno;
      out.data.clear();
      return;
    }
    if (direct) std::memcpy(out.data.data() + got, bounce, static_cast<size_t>(r));
    got += static_cast<size_t>(r);
    // Short: EOF (a direct read at an unaligned offset after it would be EINVAL).
    if (static_cast<size_t>(r) < want) break;
  }
  out.data.resize(got);
  out.ret = static_cast<int64_t>(got);
}

bool PosixBackend::ViewEquals(View view, uint8_t slot, uint64_t off, uint64_t len, const uint8_t* ref,
                              uint64_t ref_len) {
  if (ref_len > len) return false;
  if (view == View::kSlot) {
    const SlotState* s = slot < kMaxSlots ? &slots_[slot] : nullptr;
    if (s == nullptr || s->addr == nullptr || ref_len != len || off < s->map.off ||
        off - s->map.off > s->map.len || len > s->map.len - (off - s->map.off)) {
      return false;
    }
    return MappedEqual(s->addr + (off - s->map.off), ref, static_cast<size_t>(len));
  }
  if (view != View::kDirect || dio_fd_ < 0) return false;
  // O_DIRECT reads into the aligned bounce buffer, compared there (Observe would copy it
  // on into the record).
  uint64_t got = 0;
  while (got < len) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(len - got, kFillChunk));
    uint8_t* bounce = ThreadScratch(want);
    const ssize_t r = pread(dio_fd_, bounce, want, static_cast<off_t>(off + got));
    if (r < 0) return false;
    const uint64_t n = static_cast<uint64_t>(r);
    if (got + n > ref_len || std::memcmp(bounce, ref + got, static_cast<size_t>(n)) != 0) return false;
    got += n;
    if (n < want) break;  // EOF
  }
  return got == ref_len;
}

bool PosixBackend::KernelEqual(const uint8_t* from, const uint8_t* ref, size_t len) {
  for (size_t got = 0; got < len;) {
    const size_t want = std::min<size_t>(len - got, kFillChunk);
    uint8_t* chunk = ThreadScratch(want);
    bool unmapped = false;
    const int64_t n = KernelCopy(chunk, from + got, want, &unmapped);
    if (n < 0) return GuardedEqual(from + got, ref + got, len - got);
    if (static_cast<size_t>(n) != want || std::memcmp(chunk, ref + got, want) != 0) return false;
    got += want;
  }
  return true;
}

bool PosixBackend::MappedEqual(const uint8_t* from, const uint8_t* ref, size_t len) {
  const ViewReads how = options_.view_reads;
  auto equal = [&](const uint8_t* f, const uint8_t* r, size_t n) {
    return how == ViewReads::kKernel ? KernelEqual(f, r, n) : GuardedEqual(f, r, n);
  };
  if (how == ViewReads::kLoads || !page_tables_.Present(from, len, present_)) return equal(from, ref, len);
  // Only the runs of pages in the page tables (view_reads.h says why the rest may be skipped).
  static const uintptr_t page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const uintptr_t a = reinterpret_cast<uintptr_t>(from);
  const uintptr_t first = a / page * page;
  for (size_t i = 0; i < present_.size();) {
    if (!present_[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < present_.size() && present_[j]) ++j;
    const uintptr_t lo = std::max(first + i * page, a);
    const uintptr_t hi = std::min(first + j * page, a + len);
    if (!equal(from + (lo - a), ref + (lo - a), hi - lo)) return false;
    i = j;
  }
  return true;
}

Result<uint64_t> PosixBackend::Size() {
  struct stat st;
  if (fstat(fd_, &st) != 0) return Status::FromErrno("fstat", errno);
  return static_cast<uint64_t>(st.st_size);
}

void PosixBackend::Finish(OpRecord& drain) {
  UnmapAll();
  // fsync reports a write-back error once per open file: drain it into this program.
  const int r = fsync(fd_);
  drain.ret = r;
  drain.err = r < 0 ? errno : 0;
}

void PosixBackend::PrepareThread() { ThreadScratch(kDefaultScratch); }

}  // namespace fsfuzz
