// Tests for payload collection (static/dynamic ELF, ldd parsing).
#include "src/fsfuzz/vm/payload.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/initramfs.h"

namespace fsfuzz::vm {
namespace {

TEST(Payload, ParsesLddOutput) {
  auto libs = ParseLddOutput(
      "\tlinux-vdso.so.1 (0x00007ffd5a1f2000)\n"
      "\tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f0e3b000000)\n"
      "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0e3ae1f000)\n"
      "\t/lib64/ld-linux-x86-64.so.2 (0x00007f0e3b3a4000)\n");
  ASSERT_TRUE(libs.ok());
  EXPECT_EQ(*libs, (std::vector<std::string>{"/lib/x86_64-linux-gnu/libstdc++.so.6",
                                             "/lib/x86_64-linux-gnu/libc.so.6",
                                             "/lib64/ld-linux-x86-64.so.2"}));
  EXPECT_FALSE(ParseLddOutput("\tlibfoo.so.1 => not found\n").ok());
}

TEST(Payload, StaticBinaryAlone) {
  auto busybox = FindStaticBusybox();
  if (!busybox.ok()) GTEST_SKIP() << busybox.status().ToString();
  auto files = PayloadFiles(*busybox);
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].guest_path, "/fsfuzz/bin/busybox");
  EXPECT_EQ((*files)[0].mode, 0755u);
}

TEST(Payload, DynamicBinaryBringsLoaderAndLibc) {
  if (!PathExists("/bin/ls")) GTEST_SKIP() << "no /bin/ls";
  auto st = IsStaticElf("/bin/ls");
  ASSERT_TRUE(st.ok());
  if (*st) GTEST_SKIP() << "/bin/ls is static here";
  auto files = PayloadFiles("/bin/ls", "/opt");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ((*files)[0].guest_path, "/opt/ls");
  bool libc = false, loader = false;
  for (const auto& f : *files) {
    libc |= f.guest_path.find("libc.so") != std::string::npos;
    loader |= f.guest_path.find("ld-linux") != std::string::npos;
  }
  EXPECT_TRUE(libc);
  EXPECT_TRUE(loader);
}

TEST(Payload, SelfExeKeepsItsRealName) {
  auto files = PayloadFiles("/proc/self/exe");
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  EXPECT_EQ((*files)[0].guest_path, "/fsfuzz/bin/fsfuzz_vm_test");
}

TEST(Payload, RejectsNonElf) {
  auto dir = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE(WriteFile(dir->path() + "/x.sh", "#!/bin/sh\n").ok());
  EXPECT_FALSE(PayloadFiles(dir->path() + "/x.sh").ok());
  EXPECT_FALSE(PayloadFiles(dir->path() + "/missing").ok());
}

}  // namespace
}  // namespace fsfuzz::vm
