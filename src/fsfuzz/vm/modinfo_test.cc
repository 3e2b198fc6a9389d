// Tests for the .modinfo reader.
#include "src/fsfuzz/vm/modinfo.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/vm/test_elf.h"

namespace fsfuzz::vm {
namespace {

TEST(ModInfo, ReadsNameDependsAliasesAndSoftdeps) {
  std::string elf = testing::MakeModuleElf(
      {"license=GPL", "softdep=pre: crc32c post: sha256", "alias=fs-btrfs", "alias=devname:btrfs-control",
       "depends=xor,raid6-pq,libcrc32c", "name=btrfs", "vermagic=6.12"});
  auto mi = ParseModInfo(elf);
  ASSERT_TRUE(mi.ok()) << mi.status().ToString();
  EXPECT_EQ(mi->name, "btrfs");
  EXPECT_EQ(mi->depends, (std::vector<std::string>{"xor", "raid6_pq", "libcrc32c"}));
  EXPECT_EQ(mi->aliases, (std::vector<std::string>{"fs-btrfs", "devname:btrfs-control"}));
  EXPECT_EQ(mi->softdeps, (std::vector<std::string>{"crc32c", "sha256"}));
}

TEST(ModInfo, EmptyDependsIsNoDependency) {
  auto mi = ParseModInfo(testing::MakeModuleElf({"depends=", "name=virtio_blk"}));
  ASSERT_TRUE(mi.ok());
  EXPECT_TRUE(mi->depends.empty());
}

TEST(ModInfo, RejectsGarbageAndTruncation) {
  EXPECT_FALSE(ParseModInfo("not an elf").ok());
  std::string elf = testing::MakeModuleElf({"name=x"});
  EXPECT_FALSE(ParseModInfo(elf.substr(0, elf.size() - 10)).ok());
  EXPECT_FALSE(ParseModInfo(std::string_view(elf).substr(0, 64)).ok());
}

TEST(ModInfo, NamesFromPaths) {
  EXPECT_EQ(ModuleNameFromPath("kernel/fs/xfs/xfs.ko.xz"), "xfs");
  EXPECT_EQ(ModuleNameFromPath("/x/crc32c-intel.ko"), "crc32c_intel");
  EXPECT_EQ(ModuleNameFromPath("raid6_pq.ko.zst"), "raid6_pq");
  EXPECT_EQ(ParseSoftdepValue("pre: a b post: c"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(ParseSoftdepValue("pre:").empty());
}

}  // namespace
}  // namespace fsfuzz::vm
