// The simulated backend: an in-memory file with a page cache over a disk that behaves like
// a correct kernel unless bugs are switched on (sim_bugs.h). Each op runs under one mutex,
// so a round is some legal ordering of its ops.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "src/fsfuzz/exec/backend.h"
#include "src/fsfuzz/exec/sim_bugs.h"
#include "src/fsfuzz/exec/sim_file.h"

namespace fsfuzz {

// An O_DIRECT write whose source maps its own target: copy the whole source first, or
// copy-write-invalidate page by page (so an overlap behind the target replicates).
enum class SimOverlap : uint8_t { kSnapshot, kForward };
// A misaligned O_DIRECT request: fail with EINVAL, or run it as buffered I/O.
enum class SimMisaligned : uint8_t { kEinval, kBuffered };

std::string_view SimOverlapName(SimOverlap o);        // "snapshot" | "forward"
bool SimOverlapFromName(std::string_view name, SimOverlap* out);
std::string_view SimMisalignedName(SimMisaligned m);  // "einval" | "buffered"
bool SimMisalignedFromName(std::string_view name, SimMisaligned* out);

struct SimOptions {
  SimBugSet bugs;
  SimOverlap overlap = SimOverlap::kSnapshot;
  SimMisaligned misaligned = SimMisaligned::kEinval;
  uint64_t dio_align = 512;  // offset, length and buffer alignment O_DIRECT needs
};

class SimBackend final : public Backend {
 public:
  explicit SimBackend(SimOptions options = {});
  ~SimBackend() override;
  SimBackend(const SimBackend&) = delete;
  SimBackend& operator=(const SimBackend&) = delete;

  const SimOptions& options() const { return options_; }

  const Env& env() const override { return env_; }
  Status Reset(const Header& header) override;
  void Run(const Op& op, uint32_t id, OpRecord& rec) override;
  void Observe(View view, uint8_t slot, uint64_t off, uint64_t len, Observation& out) override;
  // Through Observe (a copy; the simulator has no page tables to compare through), so the
  // checker meets the shared views of a real run under every simulated bug too.
  bool ViewEquals(View view, uint8_t slot, uint64_t off, uint64_t len, const uint8_t* ref,
                  uint64_t ref_len) override;
  Result<uint64_t> Size() override;
  void Finish(OpRecord& drain) override;

  // Ends every dio-map-hang block, now and for the rest of this backend's life (tests call
  // it from the watchdog's on_hang). Safe from any thread; takes no lock an op holds.
  void ReleaseHangs();
  // How many ops are blocked by dio-map-hang right now.
  int BlockedOps() const;

 private:
  struct SlotState {
    std::optional<Mapping> map;
    std::map<uint64_t, SimFile::Page> cow;  // private mappings: pages stored to, by file page
  };
  enum class Access : uint8_t { kUser, kKernel };

  bool Bug(SimBug b) const { return (bug_mask_ >> static_cast<unsigned>(b)) & 1u; }
  SimFile& FileOf(const Mapping& m) { return m.aux() ? aux_ : file_; }
  bool MappedBySlot(uint64_t page_idx) const;
  bool Aligned(const Op& op) const;

  // Bytes of slot range [so, so+n) before the first page that faults for this access;
  // user accesses may also fault spuriously or not at all per the sigbus bugs.
  uint64_t Reachable(const SlotState& s, uint64_t so, uint64_t n, Access a, bool store) const;
  // Loads/stores through a slot (the caller checked reachability). Pages wholly past EOF
  // (reachable only with missing-sigbus) read zero and swallow stores.
  void Load(SlotState& s, uint64_t so, uint8_t* out, uint64_t n);
  void Store(SlotState& s, uint64_t so, const uint8_t* in, uint64_t n);

  void Extend(uint64_t end);  // a write's size change, with the wrong-size bug
  void BlockIfHangBug(const Op& op);

  void DoWrite(const Op& op, uint32_t id, OpRecord& rec);
  void DoRead(const Op& op, OpRecord& rec);
  void DoDWrite(const Op& op, uint32_t id, OpRecord& rec);
  void DoDRead(const Op& op, OpRecord& rec);
  void DoTouch(const Op& op, uint32_t id, OpRecord& rec);
  void DoTruncate(uint64_t size);
  void DoFallocate(const Op& op);
  void DoMsync(const Op& op);
  void DoMadvise(const Op& op);
  void DoEvict(const Op& op);
  void DoRemount();
  // The file offset a data op's buffer maps when it is a mapping of the file under test
  // (else UINT64_MAX), and the largest copy step that keeps a forward copy's overlap right.
  uint64_t SameFileBase(const Op& op) const;
  static uint64_t ForwardChunk(uint64_t src, uint64_t dst, uint64_t c);
  // The source bytes of a write: heap pattern or loads through the buffer's slot.
  void SourceBytes(const Op& op, uint32_t id, uint64_t done, uint8_t* out, uint64_t n);

  SimOptions options_;
  uint32_t bug_mask_ = 0;
  Env env_;
  std::mutex mu_;  // one op at a time
  SimFile file_;
  SimFile aux_;
  uint64_t seed_ = 0;
  std::array<SlotState, kMaxSlots> slots_;

  mutable std::mutex hang_mu_;
  std::condition_variable hang_cv_;
  bool hangs_released_ = false;
  int blocked_ = 0;
};

}  // namespace fsfuzz
