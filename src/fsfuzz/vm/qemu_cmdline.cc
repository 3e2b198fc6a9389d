// qemu argv: no default devices, serial on stdio, virtio-blk disks named by serial.
#include "src/fsfuzz/vm/qemu_cmdline.h"

namespace fsfuzz::vm {
namespace {

void AddDrive(std::vector<std::string>& a, const DiskImage& d, int index, const char* cache) {
  const std::string id = "d" + std::to_string(index);
  a.insert(a.end(), {"-drive", "file=" + d.path + ",format=raw,if=none,id=" + id +
                                   ",cache=" + cache + ",aio=threads,discard=unmap",
                     "-device", "virtio-blk-pci,drive=" + id + ",serial=" + d.serial});
}

}  // namespace

const char* AccelName(Accel a) {
  switch (a) {
    case Accel::kAuto: return "auto";
    case Accel::kKvm: return "kvm";
    case Accel::kTcg: return "tcg";
  }
  return "?";
}

std::vector<std::string> QemuArgv(const QemuConfig& c) {
  std::vector<std::string> a = {c.qemu, "-nodefaults", "-no-user-config", "-display", "none",
                                "-monitor", "none", "-serial", "stdio", "-no-reboot",
                                "-m", std::to_string(c.memory_mib), "-smp", std::to_string(c.cpus)};
  if (c.accel == Accel::kKvm) a.insert(a.end(), {"-accel", "kvm", "-cpu", "host"});
  else a.insert(a.end(), {"-accel", c.tcg_multithread ? "tcg,thread=multi" : "tcg,thread=single", "-cpu", "max"});
  a.insert(a.end(), {"-kernel", c.kernel, "-initrd", c.initrd, "-append", c.append});
  // ",," escapes a comma inside a -drive value; paths we make never hold one.
  AddDrive(a, c.results, 0, "writeback");
  for (size_t i = 0; i < c.disks.size(); ++i) AddDrive(a, c.disks[i], static_cast<int>(i) + 1, "unsafe");
  return a;
}

std::string KernelCmdline(const CmdlineOptions& o) {
  // panic=-1: reboot at once on panic, which -no-reboot turns into qemu exiting.
  std::string s = "console=ttyS0,115200 panic=-1 rdinit=/init loglevel=7 printk.time=1";
  s += " i8042.noaux i8042.nokbd i8042.nopnp";  // no PS/2 probing: faster boot, no noise
  if (o.panic_on_oops) s += " oops=panic";
  for (const auto& e : o.extra) s += " " + e;
  return s;
}

}  // namespace fsfuzz::vm
