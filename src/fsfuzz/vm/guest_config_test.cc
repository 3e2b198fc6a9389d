// Tests for the guest config: quoting survives busybox sh, names are checked.
#include <gtest/gtest.h>

#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/guest_plan.h"
#include "src/fsfuzz/vm/initramfs.h"
#include "src/fsfuzz/vm/subprocess.h"

namespace fsfuzz::vm {
namespace {

TEST(GuestConfig, ArgvSurvivesTheGuestShellVerbatim) {
  auto busybox = FindStaticBusybox();
  if (!busybox.ok()) GTEST_SKIP() << busybox.status().ToString();
  GuestPlan plan;
  plan.kernel_version = "6.12.1+deb13-cloud-amd64";
  plan.disks = {{"bcachefs", "bcachefs", ""}, {"ext4_dj", "ext4", "data=journal"}};
  const std::vector<std::string> tricky = {"printf", "<%s>\\n", "a b", "it's", "$HOME", "`id`", "\"q\"", ""};
  plan.commands = {{tricky, 7}};
  plan.env = {{"FSFUZZ_SEED", "x y'z"}};
  auto config = GuestConfig(plan);
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  auto dir = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE(WriteFile(dir->path() + "/config", *config).ok());
  auto r = vm::Run({*busybox, "sh", "-c",
                ". \"$0\"; cmd_0; echo \"$DISKS|$DISK_ext4_dj_OPTS|$CMD_0_TIMEOUT|$NCMDS|$FSFUZZ_SEED|$KVER\"",
                dir->path() + "/config"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out,
            "<a b>\n<it's>\n<$HOME>\n<`id`>\n<\"q\">\n<>\n"
            "bcachefs ext4_dj|data=journal|7|1|x y'z|6.12.1+deb13-cloud-amd64\n")
      << r->err;
}

TEST(GuestConfig, RejectsBadNamesAndCommands) {
  EXPECT_TRUE(ValidateDiskName("xfs_reflink").ok());
  EXPECT_FALSE(ValidateDiskName("").ok());
  EXPECT_FALSE(ValidateDiskName("Ext4").ok());
  EXPECT_FALSE(ValidateDiskName("a-b").ok());
  EXPECT_FALSE(ValidateDiskName("results").ok());
  EXPECT_FALSE(ValidateDiskName("abcdefghijklmn").ok());  // serial would exceed 20 bytes
  EXPECT_EQ(DiskSerial("abcdefghijklm").size(), 20u);
  GuestPlan plan;
  plan.commands = {{{}, 5}};
  EXPECT_FALSE(GuestConfig(plan).ok());
  plan.commands = {{{"true"}, 0}};
  EXPECT_FALSE(GuestConfig(plan).ok());
  plan.commands = {{{"true"}, 5}};
  plan.env = {{"BAD-NAME", "x"}};
  EXPECT_FALSE(GuestConfig(plan).ok());
}

TEST(GuestConfig, ModuleListAndInitScript) {
  GuestPlan plan;
  plan.modules = {{"kernel/lib/libcrc32c.ko", true}, {"kernel/crypto/x.ko", false}};
  EXPECT_EQ(GuestModuleList(plan), "true kernel/lib/libcrc32c.ko\nfalse kernel/crypto/x.ko\n");
  const std::string init = InitScript();
  EXPECT_EQ(init.rfind("#!/bin/sh\n", 0), 0u);
  for (const char* must : {"sysrq-trigger", "poweroff -f", "@@FSFUZZ-INIT ", "fsfuzz-results", "/fsfuzz/config"})
    EXPECT_NE(init.find(must), std::string::npos) << must;
}

TEST(GuestConfig, InitScriptParses) {
  auto busybox = FindStaticBusybox();
  if (!busybox.ok()) GTEST_SKIP() << busybox.status().ToString();
  auto dir = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(dir.ok());
  ASSERT_TRUE(WriteFile(dir->path() + "/init", InitScript()).ok());
  auto r = vm::Run({*busybox, "sh", "-n", dir->path() + "/init"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code(), 0) << r->err;
}

}  // namespace
}  // namespace fsfuzz::vm
