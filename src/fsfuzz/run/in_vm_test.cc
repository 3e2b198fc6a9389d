// VM disks for filesystem variants: each variant gets a disk name of its own that the
// guest accepts (ext4-1k and ext4 on one VM once collided as "ext4").
#include "src/fsfuzz/run/in_vm.h"

#include <gtest/gtest.h>

#include <set>

#include "src/fsfuzz/testbed/fs_table.h"
#include "src/fsfuzz/vm/guest_plan.h"

namespace fsfuzz {
namespace {

TEST(InVm, EveryVariantHasAValidDiskNameOfItsOwn) {
  std::set<std::string> names;
  for (const Variant& v : kVariants) {
    const std::string n = VmDiskName(std::string(v.name));
    EXPECT_TRUE(vm::ValidateDiskName(n).ok()) << v.name << " -> " << n;
    EXPECT_TRUE(names.insert(n).second) << v.name << " -> " << n << " twice";
  }
  EXPECT_EQ(VmDiskName("ext4"), "ext4");
  EXPECT_EQ(VmDiskName("ext4-1k"), "ext4_1k");
}

}  // namespace
}  // namespace fsfuzz
