// Tests for temp dirs, stale-dir cleanup, locks, sparse copies and decompression.
#include "src/fsfuzz/vm/file_util.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/fsfuzz/vm/decompress.h"
#include "src/fsfuzz/vm/subprocess.h"

namespace fsfuzz::vm {
namespace {

TEST(ScopedTempDir, RemovedUnlessKept) {
  std::string path;
  {
    auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
    ASSERT_TRUE(d.ok());
    path = d->path();
    ASSERT_TRUE(WriteFile(path + "/f", "x").ok());
    EXPECT_TRUE(PathExists(path + "/owner.pid"));
  }
  EXPECT_FALSE(PathExists(path));
}

TEST(ScopedTempDir, StaleDirsGoLiveOnesStay) {
  auto parent = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(parent.ok());
  auto live = ScopedTempDir::Create("run.", parent->path());
  ASSERT_TRUE(live.ok());
  auto dead = ScopedTempDir::Create("run.", parent->path());
  ASSERT_TRUE(dead.ok());
  std::string dead_path = dead->path();
  dead->Keep();
  { ScopedTempDir gone = std::move(dead.value()); }  // lock released, dir kept: as after SIGKILL
  ASSERT_TRUE(PathExists(dead_path));
  EXPECT_EQ(RemoveStaleTempDirs("run.", parent->path()), 1);
  EXPECT_FALSE(PathExists(dead_path));
  EXPECT_TRUE(PathExists(live->path()));
}

TEST(FileLock, SecondHolderWaits) {
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  auto l = FileLock::Acquire(d->path() + "/lock");
  ASSERT_TRUE(l.ok());
  // flock locks belong to the open file description: another open cannot take it now.
  int fd = open((d->path() + "/lock").c_str(), O_RDWR);
  ASSERT_GE(fd, 0);
  EXPECT_NE(flock(fd, LOCK_EX | LOCK_NB), 0);
  close(fd);
}

TEST(SparseCopy, ZeroRunsBecomeHoles) {
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  std::string src = d->path() + "/src", dst = d->path() + "/dst";
  std::string data(8 << 20, '\0');
  data.replace(100, 5, "hello");
  data.replace(data.size() - 3, 3, "end");
  ASSERT_TRUE(WriteFile(src, data).ok());
  auto n = SparseCopyFile(src, dst);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, data.size());
  auto back = ReadFile(dst);
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == data);
  struct stat st;
  ASSERT_EQ(stat(dst.c_str(), &st), 0);
  EXPECT_LT(st.st_blocks * 512, 1 << 20);  // two 64 KiB chunks written, the rest holes
}

TEST(Decompress, XzBySuffix) {
  if (FindTool("xz").empty()) GTEST_SKIP() << "no xz";
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  std::string f = d->path() + "/m.ko";
  std::string data = "module bytes" + std::string(200000, '\0') + "tail";
  ASSERT_TRUE(WriteFile(f, data).ok());
  ASSERT_TRUE(RunChecked({"xz", "-q", f}).ok());
  EXPECT_EQ(CompressionSuffix(f + ".xz"), ".xz");
  EXPECT_EQ(StripCompressionSuffix(f + ".xz"), f);
  auto back = ReadMaybeCompressed(f + ".xz");
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(*back == data);
  ASSERT_TRUE(DecompressToSparseFile(f + ".xz", d->path() + "/img").ok());
  auto img = ReadFile(d->path() + "/img");
  ASSERT_TRUE(img.ok());
  EXPECT_TRUE(*img == data);
}

}  // namespace
}  // namespace fsfuzz::vm
