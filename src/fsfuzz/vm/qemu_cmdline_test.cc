// Tests for the qemu and kernel command lines.
#include "src/fsfuzz/vm/qemu_cmdline.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace fsfuzz::vm {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string After(const std::vector<std::string>& v, const std::string& flag) {
  auto it = std::find(v.begin(), v.end(), flag);
  return it == v.end() || it + 1 == v.end() ? "" : *(it + 1);
}

TEST(QemuCmdline, TcgWithResultsAndTestDisks) {
  QemuConfig c;
  c.kernel = "/k/vmlinuz";
  c.initrd = "/w/initramfs.cpio";
  c.append = "console=ttyS0";
  c.results = {"results", "ext4", "/w/results.img", "fsfuzz-results", ""};
  c.disks = {{"bcachefs", "bcachefs", "/w/disk-bcachefs.img", "fsfuzz-bcachefs", ""}};
  auto a = QemuArgv(c);
  EXPECT_EQ(a[0], "qemu-system-x86_64");
  for (const char* f : {"-nodefaults", "-no-reboot"}) EXPECT_TRUE(Has(a, f)) << f;
  EXPECT_EQ(After(a, "-serial"), "stdio");
  EXPECT_EQ(After(a, "-accel"), "tcg,thread=single");
  EXPECT_EQ(After(a, "-smp"), "2");
  EXPECT_EQ(After(a, "-kernel"), "/k/vmlinuz");
  EXPECT_EQ(After(a, "-append"), "console=ttyS0");
  EXPECT_TRUE(Has(a, "file=/w/results.img,format=raw,if=none,id=d0,cache=writeback,aio=threads,discard=unmap"));
  EXPECT_TRUE(Has(a, "virtio-blk-pci,drive=d0,serial=fsfuzz-results"));
  EXPECT_TRUE(Has(a, "file=/w/disk-bcachefs.img,format=raw,if=none,id=d1,cache=unsafe,aio=threads,discard=unmap"));
  EXPECT_TRUE(Has(a, "virtio-blk-pci,drive=d1,serial=fsfuzz-bcachefs"));
  c.tcg_multithread = true;
  EXPECT_EQ(After(QemuArgv(c), "-accel"), "tcg,thread=multi");
  c.accel = Accel::kKvm;
  EXPECT_EQ(After(QemuArgv(c), "-accel"), "kvm");
}

TEST(QemuCmdline, KernelCmdline) {
  std::string s = KernelCmdline({true, {"fsfuzz.x=1"}});
  for (const char* must : {"console=ttyS0", "panic=-1", "oops=panic", "fsfuzz.x=1"})
    EXPECT_NE(s.find(must), std::string::npos) << must;
  EXPECT_EQ(KernelCmdline({false, {}}).find("oops=panic"), std::string::npos);
  EXPECT_STREQ(AccelName(Accel::kAuto), "auto");
}

}  // namespace
}  // namespace fsfuzz::vm
