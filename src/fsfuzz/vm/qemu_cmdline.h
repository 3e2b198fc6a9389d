// The qemu-system-x86_64 command line and the guest kernel's command line, as pure
// functions of a config (unit-tested; no shell string anywhere).
#pragma once

#include <string>
#include <vector>

#include "src/fsfuzz/vm/disk_image.h"

namespace fsfuzz::vm {

enum class Accel { kAuto, kKvm, kTcg };
const char* AccelName(Accel a);

struct QemuConfig {
  std::string qemu = "qemu-system-x86_64";
  Accel accel = Accel::kTcg;  // kKvm or kTcg here; kAuto is resolved by the caller
  // TCG with one host thread per vCPU. Off by default: with qemu 7.2 it occasionally runs
  // stale code across vCPUs after the guest patches its text (Oops: int3 in a
  // text_poke_bp'ed function), a crash of the emulator, not of the kernel.
  bool tcg_multithread = false;
  int cpus = 2;
  int memory_mib = 2048;
  std::string kernel;
  std::string initrd;
  std::string append;               // from KernelCmdline()
  DiskImage results;                // cache=writeback: what the guest flushed reaches the file
  std::vector<DiskImage> disks;     // cache=unsafe: fast, thrown away after the run
};

std::vector<std::string> QemuArgv(const QemuConfig& c);

struct CmdlineOptions {
  bool panic_on_oops = true;        // an oops ends the VM at once, its report on the console
  std::vector<std::string> extra;   // appended as given
};
std::string KernelCmdline(const CmdlineOptions& o);

}  // namespace fsfuzz::vm
