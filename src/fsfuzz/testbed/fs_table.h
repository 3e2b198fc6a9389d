// The testbed variants: one table of filesystems, their mkfs and mount options, image
// sizes and loop settings; `--fs` lists are parsed against it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

struct Variant {
  std::string_view name;           // what `--fs` takes: "ext4-dioread_nolock"
  std::string_view fs_type;        // mount -t and /proc/filesystems name
  std::string_view mkfs;           // program run to format ("" for tmpfs)
  std::string_view mkfs_args;      // space-separated, before the device (no shell)
  std::string_view mount_options;  // mount(2) data; tmpfs gets size= added
  uint64_t min_image_mib;          // smaller images are raised to this
  bool loop;                       // needs an image and a loop device (all but tmpfs)
  uint32_t loop_sector;            // loop logical block size; 512 where fs blocks < 4K
  std::string_view package;        // Debian package shipping mkfs ("" none / built in)
  std::string_view note;           // why the variant exists
};

// X(name, type, mkfs, mkfs args, mount options, min MiB, loop, loop sector, package, note)
// Quiet and force flags keep mkfs from prompting; nodiscard (-E nodiscard, -K) skips a
// pointless discard of an image that is all holes anyway.
#define FSFUZZ_TESTBED_VARIANTS(X)                                                        \
  X("ext4", "ext4", "mkfs.ext4", "-q -F -b 4096 -E nodiscard", "", 64, true, 4096,        \
    "e2fsprogs", "ext4 defaults, 4 KiB blocks")                                          \
  X("ext4-dioread_nolock", "ext4", "mkfs.ext4", "-q -F -b 4096 -E nodiscard",            \
    "dioread_nolock", 64, true, 4096, "e2fsprogs", "unwritten extents for DIO reads")    \
  X("ext4-data_journal", "ext4", "mkfs.ext4", "-q -F -b 4096 -E nodiscard",              \
    "data=journal", 64, true, 4096, "e2fsprogs", "data journalling (DIO goes buffered)") \
  X("ext4-1k", "ext4", "mkfs.ext4", "-q -F -b 1024 -E nodiscard", "", 64, true, 512,     \
    "e2fsprogs", "1 KiB blocks: sub-page blocks")                                        \
  X("xfs", "xfs", "mkfs.xfs", "-q -f -K -m reflink=0", "", 300, true, 4096, "xfsprogs",   \
    "xfs without reflink")                                                               \
  X("xfs-reflink", "xfs", "mkfs.xfs", "-q -f -K -m reflink=1", "", 300, true, 4096,      \
    "xfsprogs", "xfs with reflink (COW fork)")                                           \
  X("btrfs", "btrfs", "mkfs.btrfs", "-q -f -K", "", 128, true, 4096, "btrfs-progs",      \
    "btrfs defaults (COW, checksums)")                                                   \
  X("tmpfs", "tmpfs", "", "", "huge=never", 0, false, 0, "", "shmem, no huge pages")     \
  X("tmpfs-huge", "tmpfs", "", "", "huge=always", 0, false, 0, "",                       \
    "shmem with huge pages (large folios)")                                              \
  X("bcachefs", "bcachefs", "bcachefs", "format -f -q", "", 128, true, 4096, "",        \
    "bcachefs (needs a kernel with bcachefs and bcachefs-tools)")                        \
  X("f2fs", "f2fs", "mkfs.f2fs", "-q -f", "", 128, true, 4096, "f2fs-tools",              \
    "f2fs (log-structured)")

inline constexpr std::array kVariants = {
#define FSFUZZ_X(name, type, mkfs, args, opts, mib, loop, sector, pkg, note) \
  Variant{name, type, mkfs, args, opts, mib, loop, sector, pkg, note},
    FSFUZZ_TESTBED_VARIANTS(FSFUZZ_X)
#undef FSFUZZ_X
};

// The variant called `name`, or nullptr.
const Variant* FindVariant(std::string_view name);

// Parses "ext4,xfs,btrfs,tmpfs" or "all" (every variant, in table order). Names are
// unique in the result; an unknown name is a usage error listing the known ones.
Result<std::vector<const Variant*>> ParseVariantList(std::string_view list);

// The known names joined with ", " (for usage messages).
std::string VariantNames();

// mkfs_args split at spaces (the table holds no argument with a space in it).
std::vector<std::string> SplitArgs(std::string_view args);

}  // namespace fsfuzz
