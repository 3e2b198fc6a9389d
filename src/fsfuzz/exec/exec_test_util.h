// Test helpers for the exec module: program builders, a temp directory, a tmpfs mount
// that is always unmounted, and a direct (executor-free) backend driver.
#pragma once

#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "src/fsfuzz/exec/backend.h"
#include "src/fsfuzz/prog/pattern.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz::testing {

inline constexpr uint64_t K = 1024;
inline constexpr uint64_t P = 4096;

inline Buf Heap(uint64_t off = 0) { return Buf{Buf::Kind::kHeap, 0, off}; }
inline Buf InSlot(uint8_t slot, uint64_t off = 0) { return Buf{Buf::Kind::kSlot, slot, off}; }

inline Op DataOp(OpKind k, uint64_t off, uint64_t len, Buf buf = Heap()) {
  Op o;
  o.kind = k;
  o.off = off;
  o.len = len;
  o.buf = buf;
  return o;
}
inline Op Write(uint64_t off, uint64_t len, Buf b = Heap()) { return DataOp(OpKind::kWrite, off, len, b); }
inline Op Read(uint64_t off, uint64_t len, Buf b = Heap()) { return DataOp(OpKind::kRead, off, len, b); }
inline Op DWrite(uint64_t off, uint64_t len, Buf b = Heap()) { return DataOp(OpKind::kDWrite, off, len, b); }
inline Op DRead(uint64_t off, uint64_t len, Buf b = Heap()) { return DataOp(OpKind::kDRead, off, len, b); }
inline Op SlotOp(OpKind k, uint8_t slot, uint64_t off, uint64_t len, uint8_t mode = 0) {
  Op o;
  o.kind = k;
  o.slot = slot;
  o.off = off;
  o.len = len;
  o.mode = mode;
  return o;
}
inline Op Mmap(uint8_t slot, uint64_t off, uint64_t len, MapMode m = MapMode::kShared) {
  return SlotOp(OpKind::kMmap, slot, off, len, static_cast<uint8_t>(m));
}
inline Op Munmap(uint8_t slot) { return SlotOp(OpKind::kMunmap, slot, 0, 0); }
inline Op TouchRead(uint8_t slot, uint64_t off, uint64_t len) { return SlotOp(OpKind::kTouchRead, slot, off, len); }
inline Op TouchWrite(uint8_t slot, uint64_t off, uint64_t len) { return SlotOp(OpKind::kTouchWrite, slot, off, len); }
inline Op Msync(uint8_t slot, uint64_t off, uint64_t len, MsyncMode m) {
  return SlotOp(OpKind::kMsync, slot, off, len, static_cast<uint8_t>(m));
}
inline Op Madvise(uint8_t slot, uint64_t off, uint64_t len, MadviseMode m) {
  return SlotOp(OpKind::kMadvise, slot, off, len, static_cast<uint8_t>(m));
}
inline Op Truncate(uint64_t size) {
  Op o;
  o.kind = OpKind::kTruncate;
  o.size = size;
  return o;
}
inline Op Fallocate(uint64_t off, uint64_t len, FallocMode m) {
  Op o = DataOp(OpKind::kFallocate, off, len);
  o.buf = Buf{};
  o.mode = static_cast<uint8_t>(m);
  return o;
}
inline Op Bare(OpKind k, uint8_t mode = 0) {
  Op o;
  o.kind = k;
  o.mode = mode;
  return o;
}
inline Op Evict(EvictMode m) { return Bare(OpKind::kEvict, static_cast<uint8_t>(m)); }

inline Step Seq(Op op) { return Step{false, {op}}; }
inline Step Round(std::vector<Op> ops) { return Step{true, std::move(ops)}; }

inline Program Prog(uint64_t size, uint64_t seed, std::vector<Step> steps, uint64_t aux = 0,
                    bool sparse = false) {
  Program p;
  p.header = Header{size, seed, aux, sparse};
  p.steps = std::move(steps);
  return p;
}
// Sequential program from ops.
inline Program SeqProg(uint64_t size, uint64_t seed, std::vector<Op> ops, uint64_t aux = 0) {
  std::vector<Step> steps;
  for (const Op& o : ops) steps.push_back(Seq(o));
  return Prog(size, seed, std::move(steps), aux);
}

inline std::vector<uint8_t> Pat(uint64_t seed, uint32_t src, uint64_t pos, size_t n) {
  std::vector<uint8_t> v(n);
  FillPattern(seed, src, pos, v.data(), n);
  return v;
}
inline std::vector<uint8_t> Zeros(size_t n) { return std::vector<uint8_t>(n, 0); }
// Bytes [off, off+n) of a byte vector (a record's Bytes or a plain vector) as a plain vector.
template <typename ByteVector>
std::vector<uint8_t> Slice(const ByteVector& v, size_t off, size_t n) {
  return std::vector<uint8_t>(v.begin() + off, v.begin() + off + n);
}

// Runs a program's ops one by one on the calling thread, straight through the backend.
inline std::vector<OpRecord> RunDirect(Backend& b, const Program& p, OpRecord* drain = nullptr) {
  std::vector<OpRecord> recs;
  if (!b.Reset(p.header).ok()) return recs;
  uint32_t id = 1;
  for (const Step& st : p.steps) {
    for (const Op& op : st.ops) {
      OpRecord& r = recs.emplace_back();
      r.id = id;
      b.Run(op, id++, r);
    }
  }
  OpRecord d;
  b.Finish(d);
  if (drain) *drain = d;
  return recs;
}

// A fresh directory under /tmp, removed with its contents.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/fsfuzz-exec-XXXXXX";
    if (mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  bool ok() const { return !path_.empty(); }

 private:
  std::string path_;
};

// A tmpfs mounted on a fresh temp directory; unmounted (lazily if busy) on destruction,
// so a failing test leaves no mount behind. skip_reason() says why it could not mount.
class TmpfsMount {
 public:
  explicit TmpfsMount(const char* options = "size=128m") {
    if (geteuid() != 0) {
      reason_ = "mounting a tmpfs needs root";
      return;
    }
    if (!dir_.ok()) {
      reason_ = "mkdtemp failed";
      return;
    }
    if (mount("fsfuzz-exec-test", dir_.path().c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) {
      reason_ = std::string("mount tmpfs: ") + std::strerror(errno);
      return;
    }
    mounted_ = true;
  }
  ~TmpfsMount() {
    if (mounted_ && umount2(dir_.path().c_str(), 0) != 0) umount2(dir_.path().c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& skip_reason() const { return reason_; }
  const std::string& path() const { return dir_.path(); }

 private:
  TempDir dir_;  // destroyed after the unmount
  bool mounted_ = false;
  std::string reason_;
};

// The trace without its timings, for comparing two runs.
inline Trace Untimed(Trace t) {
  for (StepRecord& s : t.steps) {
    for (OpRecord& r : s.ops) r.t_start_ns = r.t_end_ns = 0;
  }
  return t;
}

}  // namespace fsfuzz::testing
