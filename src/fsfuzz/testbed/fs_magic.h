// Filesystem names from statfs(2) f_type magic numbers (mountinfo gives the name too;
// this is the fallback when a mount is not visible in our namespace).
#pragma once

#include <cstdint>
#include <string>

namespace fsfuzz {

// "ext4", "xfs", "btrfs", "tmpfs", "bcachefs", ...; "0x1234abcd" when unknown.
// (ext2/3/4 share one magic; statfs cannot tell them apart: mountinfo can.)
std::string FsNameFromMagic(uint64_t f_type);

}  // namespace fsfuzz
