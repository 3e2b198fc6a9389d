// Tests for the cpio writer and the initramfs layout (checked with busybox cpio).
#include "src/fsfuzz/vm/initramfs.h"

#include <gtest/gtest.h>

#include "src/fsfuzz/vm/cpio_writer.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/module_index.h"
#include "src/fsfuzz/vm/subprocess.h"
#include "src/fsfuzz/vm/test_elf.h"

namespace fsfuzz::vm {
namespace {

TEST(CpioWriter, BusyboxExtractsWhatWeWrote) {
  auto busybox = FindStaticBusybox();
  if (!busybox.ok()) GTEST_SKIP() << busybox.status().ToString();
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  CpioWriter w;
  ASSERT_TRUE(w.Open(d->path() + "/a.cpio").ok());
  ASSERT_TRUE(w.AddFile("/deep/dir/file", "hello\n", 0640).ok());
  ASSERT_TRUE(w.AddFile("/odd", std::string(5, 'x'), 0644).ok());  // padding after data
  ASSERT_TRUE(w.AddSymlink("/deep/link", "dir/file").ok());
  ASSERT_TRUE(w.AddCharDev("/dev/console", 5, 1).ok());
  EXPECT_FALSE(w.AddFile("/odd", "again").ok());  // duplicates are an error
  EXPECT_TRUE(w.Has("/deep/dir"));
  ASSERT_TRUE(w.Finish().ok());
  EXPECT_EQ(w.bytes_written() % 4, 0u);

  RunOptions in;
  in.stdin_path = d->path() + "/a.cpio";
  auto list = vm::Run({*busybox, "cpio", "-tv"}, in);
  ASSERT_TRUE(list.ok());
  for (const char* e : {"deep\n", "deep/dir\n", "deep/dir/file\n", "deep/link -> dir/file\n", "dev/console\n"})
    EXPECT_NE(list->out.find(e), std::string::npos) << e << " in\n" << list->out;
  ASSERT_TRUE(MakeDirs(d->path() + "/x").ok());
  RunOptions o;
  o.cwd = d->path() + "/x";
  o.stdin_path = d->path() + "/a.cpio";
  auto ex = vm::Run({*busybox, "cpio", "-i", "-d", "deep/*", "odd"}, o);
  ASSERT_TRUE(ex.ok());
  auto f = ReadFile(d->path() + "/x/deep/link");
  ASSERT_TRUE(f.ok()) << ex->err;
  EXPECT_EQ(*f, "hello\n");
  EXPECT_EQ(*ReadFile(d->path() + "/x/odd"), "xxxxx");
}

TEST(Initramfs, HoldsInitBusyboxModulesAndPayload) {
  auto busybox = FindStaticBusybox();
  if (!busybox.ok()) GTEST_SKIP() << busybox.status().ToString();
  auto d = ScopedTempDir::Create("fsfuzz-vm-test.");
  ASSERT_TRUE(d.ok());
  const std::string mods = d->path() + "/modules";
  ASSERT_TRUE(MakeDirs(mods + "/kernel/fs/xfs").ok());
  ASSERT_TRUE(WriteFile(mods + "/kernel/fs/xfs/xfs.ko", testing::MakeModuleElf({"name=xfs", "alias=fs-xfs"})).ok());
  ASSERT_TRUE(WriteFile(mods + "/modules.dep", "kernel/fs/xfs/xfs.ko:\n").ok());

  InitramfsInputs in;
  in.busybox = *busybox;
  in.modules_dir = mods;
  in.modules.load = {{"xfs", "kernel/fs/xfs/xfs.ko", true}};
  in.files = {{"/fsfuzz/bin/probe", *busybox, 0755}};
  in.plan.kernel_version = "6.12.0-test";
  in.plan.disks = {{"xfs", "xfs", ""}};
  in.plan.commands = {{{"probe", "/mnt/xfs"}, 10}};
  auto size = BuildInitramfs(in, d->path() + "/i.cpio");
  ASSERT_TRUE(size.ok()) << size.status().ToString();

  RunOptions o;
  o.stdin_path = d->path() + "/i.cpio";
  auto list = vm::Run({*busybox, "cpio", "-t"}, o);
  ASSERT_TRUE(list.ok());
  for (const char* e : {"\ninit\n", "\nbin/busybox\n", "\nbin/sh\n", "\nsbin/insmod\n", "\nsbin/modprobe\n",
                        "\nfsfuzz/config\n", "\nfsfuzz/modules\n", "\nfsfuzz/bin/probe\n", "\ndev/console\n",
                        "\nlib/modules/6.12.0-test/kernel/fs/xfs/xfs.ko\n",
                        "\nlib/modules/6.12.0-test/modules.alias\n"})
    EXPECT_NE(("\n" + list->out).find(e), std::string::npos) << e;
  auto mlist = vm::Run({*busybox, "cpio", "-i", "--to-stdout", "fsfuzz/modules"}, o);
  ASSERT_TRUE(mlist.ok());
  EXPECT_EQ(mlist->out, "true kernel/fs/xfs/xfs.ko\n");
}

}  // namespace
}  // namespace fsfuzz::vm
