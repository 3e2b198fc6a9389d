// What the checker must know about the filesystem a trace was recorded on. Filled by the
// backend's probe (exec/) or the testbed (testbed/); recorded in every trace and finding.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fsfuzz {

struct Env {
  std::string fs = "unknown";      // statfs type name: ext4, xfs, btrfs, tmpfs, bcachefs, sim
  std::string variant;             // testbed variant, e.g. "ext4-dioread_nolock"
  std::string kernel;              // uname -r (or "sim")
  std::string mount_options;
  std::string backend = "posix";   // posix | sim
  uint64_t page_size = 4096;
  uint64_t block_size = 0;
  bool dio_supported = true;       // open(O_DIRECT) works
  uint64_t dio_mem_align = 0;      // 0: unknown (then 4096 is assumed for "aligned")
  uint64_t dio_offset_align = 0;
  // Semantics that filesystems differ on; the checker admits every value, these are
  // probed facts for reports: "einval" | "buffered" | "unknown".
  std::string misaligned_dio = "unknown";
  // DIO write whose source is an overlapping mapping of the target: "snapshot" |
  // "forward" | "unknown".
  std::string overlap_dwrite = "unknown";
  bool root = false;
  bool can_drop_caches = false;
  bool can_remount = false;
  std::vector<std::string> skipped;  // "drop_caches: not root", ...

  // Without it Trace's defaulted == (trace.h) is deleted.
  bool operator==(const Env&) const = default;

  // The alignment an O_DIRECT request needs here to be "aligned".
  uint64_t DirectAlign() const {
    uint64_t a = dio_offset_align > dio_mem_align ? dio_offset_align : dio_mem_align;
    return a ? a : 4096;
  }
};

}  // namespace fsfuzz
