// Stress rows run inside a VM: `fsfuzz stress/compare --vm KERNEL` runs every filesystem
// there, and `fsfuzz compare` runs bcachefs there on its own when this kernel lacks it and
// a VM path exists (qemu, a Debian kernel with bcachefs.ko). One boot serves every row: the
// guest runs `fsfuzz stress --dir /mnt/<fs>/fsfuzz` per filesystem with the host's flags
// and its stress.json becomes that row (runner "vm:KERNEL", the guest's kernel version).
#pragma once

#include <string>
#include <vector>

#include "cli/stress_flags.h"
#include "stress/series.h"

namespace fsfuzz::cli {

struct VmStressRequest {
  std::string kernel = "debian-6.12";
  std::vector<std::string> fs;  // filesystem types for the VM's disks
  std::string image;            // bcachefs image ("" : bcachefs format, else the shared one)
  std::string out_dir;          // the host's report/out dir; VM files go to OUT/vm
  std::vector<std::string> stress_args;  // the guest's stress flags (StressArgs)
};

// The `fsfuzz stress` flags that reproduce this config in the guest.
std::vector<std::string> StressArgs(const StressFlags& sf);

// One ExtraRun per filesystem of the request, sharing one VM boot (the first to run boots
// it for all). A row whose guest run left no figures is failed with the reason.
std::vector<stress::ExtraRun> VmStressRuns(const VmStressRequest& req);

// The filesystems of `fs_list` (comma-separated variant names) this host cannot run and
// the VM kernel can: bcachefs when /proc/filesystems lacks it and the VM path is there.
// `why_not` gets a line when the VM path is missing (the host's skip reason then stands).
std::vector<std::string> FilesystemsForVm(const std::string& fs_list, const std::string& kernel,
                                          std::string* why_not);

}  // namespace fsfuzz::cli
