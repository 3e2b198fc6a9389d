// Tests for disk images: mkfs commands, the results disk round trip through debugfs.
#include "src/fsfuzz/vm/disk_image.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/vm/child_process.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/subprocess.h"

namespace fsfuzz::vm {
namespace {

TEST(DiskImage, MkfsArgv) {
  if (FindTool("mkfs.xfs").empty()) GTEST_SKIP() << "no mkfs.xfs";
  EXPECT_EQ(MkfsArgv("xfs", {"-m", "reflink=1"}, "/w/d.img"),
            (std::vector<std::string>{"mkfs.xfs", "-f", "-q", "-m", "reflink=1", "/w/d.img"}));
  EXPECT_TRUE(MkfsArgv("nosuchfs", {}, "/w/d.img").empty());
}

TEST(DiskImage, ResultsDiskRoundTripWithoutMounting) {
  for (const char* t : {"mkfs.ext4", "e2fsck", "debugfs"})
    if (FindTool(t).empty()) GTEST_SKIP() << "no " << t;
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  auto img = MakeResultsDisk(d->path(), 32 << 20);
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_EQ(img->serial, "fsfuzz-results");
  // Play the guest: put a file and a directory on it with debugfs -w.
  ASSERT_TRUE(WriteFile(d->path() + "/finding.json", "{\"class\":\"hang\"}\n").ok());
  ASSERT_TRUE(RunChecked({"debugfs", "-w", "-R", "mkdir findings", img->path}).ok());
  ASSERT_TRUE(RunChecked({"debugfs", "-w", "-R", "write " + d->path() + "/finding.json findings/f1.json",
                          img->path}).ok());
  ASSERT_TRUE(ReadResultsDisk(img->path, d->path() + "/out").ok());
  auto f = ReadFile(d->path() + "/out/findings/f1.json");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(*f, "{\"class\":\"hang\"}\n");
  EXPECT_FALSE(PathExists(d->path() + "/out/lost+found"));
}

TEST(DiskImage, TestDiskFromMkfsOrImage) {
  if (FindTool("mkfs.ext4").empty()) GTEST_SKIP() << "no mkfs.ext4";
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  auto img = MakeTestDisk(DiskFor("ext4", "", 64 << 20), d->path());
  ASSERT_TRUE(img.ok()) << img.status().ToString();
  EXPECT_EQ(img->serial, "fsfuzz-ext4");
  EXPECT_EQ(img->how, "mkfs.ext4 -F -q");
  DiskRequest again = DiskFor("ext4", "again");
  again.image = img->path;
  auto copy = MakeTestDisk(again, d->path());
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  EXPECT_NE(copy->how.find("copy of"), std::string::npos);
  EXPECT_TRUE(RunChecked({"e2fsck", "-fn", copy->path}).ok());
  DiskRequest missing = DiskFor("ext4", "x");
  missing.image = d->path() + "/missing.img";
  EXPECT_FALSE(MakeTestDisk(missing, d->path()).ok());
  EXPECT_FALSE(MakeTestDisk(DiskFor("ext4", "Bad"), d->path()).ok());
}

}  // namespace
}  // namespace fsfuzz::vm
