// Tests for kernel specs, the bzImage version reader and host-kernel resolution.
#include "src/fsfuzz/vm/kernel_spec.h"

#include <gtest/gtest.h>
#include <sys/utsname.h>

#include "src/fsfuzz/vm/bzimage.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/kernel_fetch.h"

namespace fsfuzz::vm {
namespace {

TEST(KernelSpec, Parses) {
  auto h = ParseKernelSpec("host");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->kind, KernelSpec::Kind::kHost);
  auto d = ParseKernelSpec("debian-6.12");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, KernelSpec::Kind::kDebian);
  EXPECT_TRUE(ParseKernelSpec("debian-6.1").ok());
  auto p = ParseKernelSpec("/k/vmlinuz-6.9:/k/lib/modules/6.9");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, KernelSpec::Kind::kPath);
  EXPECT_EQ(p->vmlinuz, "/k/vmlinuz-6.9");
  EXPECT_EQ(p->modules_dir, "/k/lib/modules/6.9");
  EXPECT_FALSE(ParseKernelSpec("debian-5.10").ok());
  EXPECT_FALSE(ParseKernelSpec("vmlinuz").ok());
  EXPECT_FALSE(ParseKernelSpec("").ok());
}

std::string FakeBzImage(const std::string& version) {
  std::string img(0x1000, '\0');
  img.replace(0x202, 4, "HdrS");
  const size_t at = 0x800;
  img[0x20e] = static_cast<char>((at - 0x200) & 0xff);
  img[0x20f] = static_cast<char>((at - 0x200) >> 8);
  img.replace(at, version.size(), version);
  return img;
}

TEST(BzImage, ReadsTheVersionWord) {
  auto v = BzImageVersion(FakeBzImage("6.12.118+deb13-cloud-amd64 (debian-kernel@lists.debian.org) #1"));
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, "6.12.118+deb13-cloud-amd64");
  EXPECT_FALSE(BzImageVersion("short").ok());
  EXPECT_FALSE(BzImageVersion(std::string(0x1000, 'x')).ok());
}

TEST(KernelFetch, PathKernelVersionAndModulesBesideIt) {
  auto dir = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(dir.ok());
  const std::string root = dir->path();
  ASSERT_TRUE(MakeDirs(root + "/boot").ok());
  ASSERT_TRUE(MakeDirs(root + "/lib/modules/6.9.0-test").ok());
  ASSERT_TRUE(WriteFile(root + "/boot/vmlinuz-6.9.0-test", FakeBzImage("6.9.0-test #1")).ok());
  auto k = ResolveKernel(root + "/boot/vmlinuz-6.9.0-test");
  ASSERT_TRUE(k.ok()) << k.status().ToString();
  EXPECT_EQ(k->version, "6.9.0-test");
  EXPECT_EQ(k->modules_dir, root + "/boot/../lib/modules/6.9.0-test");
  EXPECT_FALSE(ResolveKernel(root + "/boot/missing").ok());
  EXPECT_FALSE(ResolveKernel(root + "/boot/vmlinuz-6.9.0-test:" + root + "/nope").ok());
}

TEST(KernelFetch, HostKernelSaysWhyItCannotBoot) {
  utsname u;
  uname(&u);
  auto k = ResolveKernel("host");
  if (PathExists(std::string("/boot/vmlinuz-") + u.release)) {
    EXPECT_TRUE(k.ok());
    return;
  }
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.status().message().find(u.release), std::string::npos);
  EXPECT_NE(k.status().message().find("debian-6.12"), std::string::npos);
}

TEST(KernelFetch, OfflineWithoutCacheFails) {
  auto dir = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(dir.ok());
  KernelFetchOptions o;
  o.cache_dir = dir->path();
  o.offline = true;
  auto k = ResolveKernel("debian-6.12", o);
  ASSERT_FALSE(k.ok());
  EXPECT_NE(k.status().message().find("offline"), std::string::npos);
}

}  // namespace
}  // namespace fsfuzz::vm
