// The real backend: every op is one syscall on a file `dir/fsfuzz.data` (plus the aux file
// `dir/fsfuzz.aux`) of the filesystem under test.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "src/fsfuzz/exec/backend.h"
#include "src/fsfuzz/exec/page_table_probe.h"
#include "src/fsfuzz/exec/view_reads.h"

namespace fsfuzz {

struct PosixOptions {
  // Open the O_DIRECT descriptor. When off (or when the filesystem refuses O_DIRECT),
  // env.dio_supported is false and every DIO op records ret -1, errno EINVAL.
  bool direct = true;
  // `evict mode=drop` may write /proc/sys/vm/drop_caches (system-wide, root only).
  bool allow_drop_caches = true;
  // Remove the data and aux files when the backend is destroyed.
  bool unlink_on_close = true;
  std::string variant;        // the testbed's variant name, copied into env
  std::string mount_options;  // overrides what /proc/self/mountinfo says, when set
  // How a check reads the mappings it compares with the buffered view (view_reads.h):
  // the pages in the page tables by loads (default), every page by loads, or the pages in
  // the page tables through /proc/self/mem. Touch ops always load.
  ViewReads view_reads = ViewReads::kMapped;
};

class PosixBackend final : public Backend {
 public:
  static constexpr const char* kDataName = "fsfuzz.data";
  static constexpr const char* kAuxName = "fsfuzz.aux";

  // Opens (creating) the files inside dir and probes the Env. A failure (dir missing or
  // a symlink, open errors) is kept in status() and returned by every Reset.
  PosixBackend(std::string dir, PosixOptions options = {});
  ~PosixBackend() override;
  PosixBackend(const PosixBackend&) = delete;
  PosixBackend& operator=(const PosixBackend&) = delete;

  // The constructor, with its failure as a Status.
  static Result<std::unique_ptr<PosixBackend>> Create(std::string dir, PosixOptions options = {});

  const Status& status() const { return status_; }
  // Replaces the probed facts with a richer probe's (the testbed's or --dir's), keeping
  // what only this backend knows (whether O_DIRECT opens here).
  void OverrideEnv(const Env& env);
  const std::string& dir() const { return dir_; }

  const Env& env() const override;
  Status Reset(const Header& header) override;
  void Run(const Op& op, uint32_t id, OpRecord& rec) override;
  void Observe(View view, uint8_t slot, uint64_t off, uint64_t len, Observation& out) override;
  bool ViewEquals(View view, uint8_t slot, uint64_t off, uint64_t len, const uint8_t* ref,
                  uint64_t ref_len) override;
  Result<uint64_t> Size() override;
  void Finish(OpRecord& drain) override;
  void PrepareThread() override;

  // Where a slot's mapping starts in this process (nullptr: not mapped); for tests.
  const uint8_t* SlotAddress(uint8_t slot) const { return slot < kMaxSlots ? slots_[slot].addr : nullptr; }

 private:
  static constexpr const char* kNoHookNote = "remount: no testbed hook (directory mode)";

  struct SlotState {
    uint8_t* addr = nullptr;  // nullptr: not mapped (never mapped, unmapped, or mmap failed)
    Mapping map;
  };

  Status OpenFiles();
  void CloseFiles();
  void UnmapAll();
  int MapSlot(uint8_t slot, const Mapping& m);  // 0 or errno
  Status WritePattern(int fd, uint64_t seed, uint32_t src, uint64_t size);
  // The user buffer of a data op, or nullptr (rec then says why).
  uint8_t* UserBuffer(const Op& op, OpRecord& rec);
  SlotState* LiveSlot(uint8_t slot, OpRecord& rec);

  void DoWrite(int fd, const Op& op, uint32_t id, OpRecord& rec);
  void DoRead(int fd, const Op& op, OpRecord& rec);
  void DoMmap(const Op& op, OpRecord& rec);
  void DoTouch(const Op& op, uint32_t id, OpRecord& rec);
  void DoRangeSyscall(const Op& op, OpRecord& rec);  // msync, madvise
  void DoEvict(const Op& op, OpRecord& rec);
  void DoRemount(OpRecord& rec);

  std::string dir_;
  PosixOptions options_;
  Status status_;
  mutable Env env_;
  mutable int remount_state_ = -1;  // whether env_ was last updated with a hook (1) or not
  // Copies [addr, addr + len) of this process through /proc/self/mem; stops at the first
  // page that cannot be faulted in (*unmapped: true), like GuardedCopy at a SIGBUS.
  // Returns the bytes copied; -1 when /proc/self/mem cannot be used (loads instead).
  int64_t KernelCopy(uint8_t* dst, const uint8_t* addr, size_t len, bool* unmapped);
  // Whether [from, from + len) of a mapping holds ref's bytes, read as view_reads says.
  bool MappedEqual(const uint8_t* from, const uint8_t* ref, size_t len);
  bool KernelEqual(const uint8_t* from, const uint8_t* ref, size_t len);
  int dir_fd_ = -1;
  int fd_ = -1;       // buffered
  int dio_fd_ = -1;   // O_DIRECT (-1: unsupported)
  // /proc/self/mem of the process that opened it (ViewReads::kKernel): a forked lane must
  // open its own, or it would read its parent's address space.
  int mem_fd_ = -1;
  pid_t mem_pid_ = 0;
  int dio_open_errno_ = 0;
  int aux_fd_ = -1;
  uint64_t seed_ = 0;
  bool aux_valid_ = false;  // the aux file holds aux_size_ bytes of seed aux_seed_
  uint64_t aux_size_ = 0;
  uint64_t aux_seed_ = 0;
  std::array<SlotState, kMaxSlots> slots_{};
  PageTableProbe page_tables_;
  std::vector<bool> present_;  // page_tables_'s answer, kept between checks
};

}  // namespace fsfuzz
