// Tests for the variant table and `--fs` list parsing.
#include "src/fsfuzz/testbed/fs_table.h"

#include <set>

#include <gtest/gtest.h>

namespace fsfuzz {
namespace {

TEST(FsTable, NamesAreUniqueAndComplete) {
  std::set<std::string_view> names;
  for (const Variant& v : kVariants) EXPECT_TRUE(names.insert(v.name).second) << v.name;
  for (const char* want : {"ext4", "ext4-dioread_nolock", "ext4-data_journal", "ext4-1k", "xfs",
                           "xfs-reflink", "btrfs", "tmpfs", "tmpfs-huge", "bcachefs", "f2fs"}) {
    EXPECT_NE(FindVariant(want), nullptr) << want;
  }
}

TEST(FsTable, RowsAreConsistent) {
  for (const Variant& v : kVariants) {
    SCOPED_TRACE(std::string(v.name));
    EXPECT_EQ(v.loop, !v.mkfs.empty());  // only tmpfs has neither
    if (v.loop) {
      EXPECT_TRUE(v.loop_sector == 512 || v.loop_sector == 4096);
    }
    if (v.fs_type == "xfs") {
      EXPECT_GE(v.min_image_mib, 300u);  // mkfs.xfs 6.1 refuses less
    }
  }
  EXPECT_EQ(FindVariant("ext4-1k")->loop_sector, 512u);  // 1 KiB blocks need small sectors
  EXPECT_NE(FindVariant("ext4")->mkfs_args.find("-b 4096"), std::string_view::npos);
  EXPECT_NE(FindVariant("xfs")->mkfs_args.find("reflink=0"), std::string_view::npos);
  EXPECT_NE(FindVariant("xfs-reflink")->mkfs_args.find("reflink=1"), std::string_view::npos);
  EXPECT_EQ(FindVariant("tmpfs-huge")->mount_options, "huge=always");
}

TEST(FsTable, ParsesLists) {
  Result<std::vector<const Variant*>> r = ParseVariantList("ext4, xfs,btrfs,tmpfs,ext4");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0]->name, "ext4");
  EXPECT_EQ((*r)[3]->name, "tmpfs");
  Result<std::vector<const Variant*>> all = ParseVariantList("all");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), kVariants.size());
}

TEST(FsTable, RejectsUnknownNames) {
  Result<std::vector<const Variant*>> r = ParseVariantList("ext4,zfs");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().kind(), ErrorKind::kUsage);
  EXPECT_NE(r.status().message().find("zfs"), std::string::npos);
  EXPECT_FALSE(ParseVariantList("").ok());
}

TEST(FsTable, SplitsArgs) {
  EXPECT_EQ(SplitArgs("-q  -F -b 4096"), (std::vector<std::string>{"-q", "-F", "-b", "4096"}));
  EXPECT_TRUE(SplitArgs("").empty());
}

}  // namespace
}  // namespace fsfuzz
