// statfs magic numbers (values from linux/magic.h and the filesystems' sources).
#include "src/fsfuzz/testbed/fs_magic.h"

#include <cstdio>

namespace fsfuzz {
namespace {

struct Magic {
  uint64_t value;
  const char* name;
};

constexpr Magic kMagics[] = {
    {0xEF53, "ext4"},          {0x58465342, "xfs"},      {0x9123683E, "btrfs"},
    {0x01021994, "tmpfs"},     {0xca451a4e, "bcachefs"}, {0xF2F52010, "f2fs"},
    {0x858458f6, "ramfs"},     {0x6969, "nfs"},          {0x794c7630, "overlay"},
    {0x65735546, "fuse"},      {0x2fc12fc1, "zfs"},      {0x4d44, "vfat"},
    {0x5346544e, "ntfs"},      {0xde5e81e4, "erofs"},    {0x73717368, "squashfs"},
    {0xFF534D42, "cifs"},      {0x01021997, "9p"},       {0x47504653, "gfs2"},
    {0x7461636f, "ocfs2"},     {0x6165676C, "pstore"},   {0x62656572, "sysfs"},
    {0x9fa0, "proc"},
};

}  // namespace

std::string FsNameFromMagic(uint64_t f_type) {
  for (const Magic& m : kMagics) {
    if (m.value == f_type) return m.name;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(f_type));
  return buf;
}

}  // namespace fsfuzz
