// Tests for unpacking a kernel package into the cache (a fake .deb built with dpkg-deb).
#include "src/fsfuzz/vm/kernel_cache.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/vm/child_process.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/module_index.h"
#include "src/fsfuzz/vm/subprocess.h"
#include "src/fsfuzz/vm/test_elf.h"

namespace fsfuzz::vm {
namespace {

std::string FakeBzImage(const std::string& version) {
  std::string img(0x1000, '\0');
  img.replace(0x202, 4, "HdrS");
  img[0x20e] = 0x00;
  img[0x20f] = 0x06;  // string at 0x600 + 0x200
  img.replace(0x800, version.size(), version);
  return img;
}

TEST(KernelCache, UnpacksDecompressesAndIndexesADeb) {
  for (const char* t : {"dpkg-deb", "xz"})
    if (FindTool(t).empty()) GTEST_SKIP() << "no " << t;
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  const std::string v = "6.12.99+test-cloud-amd64", tree = d->path() + "/tree";
  const std::string mods = tree + "/usr/lib/modules/" + v;
  ASSERT_TRUE(MakeDirs(tree + "/DEBIAN").ok());
  ASSERT_TRUE(MakeDirs(tree + "/boot").ok());
  ASSERT_TRUE(MakeDirs(mods + "/kernel/fs/xfs").ok());
  ASSERT_TRUE(WriteFile(tree + "/DEBIAN/control",
                        "Package: linux-image-test\nVersion: 1\nArchitecture: amd64\n"
                        "Maintainer: t <t@t>\nDescription: test\n").ok());
  ASSERT_TRUE(WriteFile(tree + "/boot/vmlinuz-" + v, FakeBzImage(v + " (t) #1")).ok());
  ASSERT_TRUE(WriteFile(tree + "/boot/config-" + v, "CONFIG_XFS_FS=m\n").ok());
  ASSERT_TRUE(WriteFile(mods + "/kernel/fs/xfs/xfs.ko", testing::MakeModuleElf({"name=xfs", "alias=fs-xfs", "depends=libcrc32c"})).ok());
  ASSERT_TRUE(WriteFile(mods + "/kernel/libcrc32c.ko", testing::MakeModuleElf({"name=libcrc32c", "depends="})).ok());
  ASSERT_TRUE(RunChecked({"xz", "-q", mods + "/kernel/fs/xfs/xfs.ko", mods + "/kernel/libcrc32c.ko"}).ok());
  ASSERT_TRUE(RunChecked({"dpkg-deb", "--root-owner-group", "-b", tree, d->path() + "/k.deb"}).ok());

  const std::string kernels = d->path() + "/kernels";
  ASSERT_TRUE(MakeDirs(kernels).ok());
  auto k = UnpackKernelDeb(d->path() + "/k.deb", kernels, "test: k.deb");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->version, v);
  EXPECT_EQ(k->origin, "test: k.deb");
  EXPECT_TRUE(PathExists(k->modules_dir + "/kernel/fs/xfs/xfs.ko"));
  EXPECT_FALSE(PathExists(k->modules_dir + "/kernel/fs/xfs/xfs.ko.xz"));
  EXPECT_TRUE(PathExists(kernels + "/" + v + "/config"));
  auto ix = LoadModuleIndex(k->modules_dir);
  ASSERT_TRUE(ix.ok());
  EXPECT_EQ(ix->deps.at("xfs"), (std::vector<std::string>{"libcrc32c"}));
  // The cache is reused as is; an incomplete entry is not.
  EXPECT_TRUE(LoadCachedKernel(kernels, v).ok());
  EXPECT_FALSE(LoadCachedKernel(kernels, "6.1.0-none").ok());
  ASSERT_TRUE(RunChecked({"rm", kernels + "/" + v + "/COMPLETE"}).ok());
  EXPECT_FALSE(LoadCachedKernel(kernels, v).ok());
}

TEST(KernelCache, DefaultDirHonoursTheEnvironment) {
  setenv("FSFUZZ_CACHE_DIR", "/some/where", 1);
  EXPECT_EQ(DefaultCacheDir(), "/some/where");
  unsetenv("FSFUZZ_CACHE_DIR");
  EXPECT_FALSE(DefaultCacheDir().empty());
}

}  // namespace
}  // namespace fsfuzz::vm
