// Tests for mountinfo parsing and path-to-mount lookup.
#include "src/fsfuzz/testbed/mountinfo.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/detect.h"

namespace fsfuzz {
namespace {

constexpr char kSample[] =
    "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n"
    "40 22 0:35 / /tmp rw,nosuid shared:12 - tmpfs tmpfs rw,size=1024k\n"
    "61 40 7:3 / /tmp/fsfuzz-ab/mnt rw,nosuid,nodev,relatime shared:30 - ext4 /dev/loop3 "
    "rw,dioread_nolock\n"
    "62 61 0:40 / /tmp/fsfuzz-ab/mnt/with\\040space rw - tmpfs tmpfs rw\n"
    "garbage line\n";

TEST(MountInfo, Parses) {
  std::vector<MountEntry> m = ParseMountInfo(kSample);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[2].fs_type, "ext4");
  EXPECT_EQ(m[2].source, "/dev/loop3");
  EXPECT_EQ(m[2].dev, "7:3");
  EXPECT_EQ(m[2].AllOptions(), "rw,nosuid,nodev,relatime,dioread_nolock");
  EXPECT_EQ(m[3].mount_point, "/tmp/fsfuzz-ab/mnt/with space");
}

TEST(MountInfo, FindsMountForPath) {
  std::vector<MountEntry> m = ParseMountInfo(kSample);
  EXPECT_EQ(FindMountFor(m, "/tmp/fsfuzz-ab/mnt/fsfuzz/f")->source, "/dev/loop3");
  EXPECT_EQ(FindMountFor(m, "/tmp/fsfuzz-abc")->fs_type, "tmpfs");
  EXPECT_EQ(FindMountFor(m, "/usr")->fs_type, "ext4");
}

TEST(MountInfo, ListsMountsUnderDeepestFirst) {
  std::vector<MountEntry> m = ParseMountInfo(kSample);
  std::vector<std::string> under = MountsUnder(m, "/tmp/fsfuzz-ab");
  ASSERT_EQ(under.size(), 2u);
  EXPECT_EQ(under[0], "/tmp/fsfuzz-ab/mnt/with space");
  EXPECT_EQ(under[1], "/tmp/fsfuzz-ab/mnt");
  EXPECT_TRUE(MountsUnder(m, "/tmp/fsfuzz-a").empty());
}

TEST(MountInfo, PathIsUnder) {
  EXPECT_TRUE(PathIsUnder("/a/b", "/a"));
  EXPECT_TRUE(PathIsUnder("/a", "/a/"));
  EXPECT_FALSE(PathIsUnder("/ab", "/a"));
  EXPECT_TRUE(PathIsUnder("/x", "/"));
}

TEST(MountInfo, ReadsOurOwn) {
  Result<std::vector<MountEntry>> m = ReadMountInfo();
  ASSERT_TRUE(m.ok());
  EXPECT_NE(FindMountFor(*m, "/"), nullptr);
  EXPECT_TRUE(IsMountPoint("/"));
}

TEST(Detect, ReadsProcFilesystems) {
  const std::string text = "nodev\tsysfs\nnodev\ttmpfs\n\text4\n\txfs\n";
  EXPECT_TRUE(FilesystemListed(text, "tmpfs"));
  EXPECT_TRUE(FilesystemListed(text, "ext4"));
  EXPECT_FALSE(FilesystemListed(text, "ext"));
  EXPECT_FALSE(FilesystemListed(text, "bcachefs"));
  EXPECT_TRUE(KernelHasFilesystem("proc"));
}

}  // namespace
}  // namespace fsfuzz
