// Running programs inside a VM (fsfuzz run/stress/compare --vm KERNEL): the host boots the
// kernel with one disk per filesystem, runs `fsfuzz run --dir /mnt/<fs>/fsfuzz` in the
// guest per filesystem, streams verdicts back as frames, and turns the console (oops,
// panic, hung tasks) and guest hangs into findings. bcachefs comes this way on hosts
// whose kernel lacks it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/finding/finding.h"

namespace fsfuzz {

// The VM disk (and guest mount point and results directory) of a filesystem or variant
// name: ext4-1k -> ext4_1k, ext4-dioread_nolock -> ext4_dioread_.
std::string VmDiskName(const std::string& fs);

struct InVmRequest {
  std::string kernel = "debian-6.12";    // host | debian-6.1 | debian-6.12 | /vmlinuz[:moddir]
  std::vector<std::string> fs;           // one disk each: ext4, ext4-1k, xfs, btrfs, bcachefs, ...
  std::vector<std::string> programs;     // host paths of program files
  bool bytes = false;                    // the files are binary programs
  std::vector<std::string> guest_args;   // more `fsfuzz run` flags (--deadline, --random ...)
  std::vector<std::string> sim_args;     // non-empty: run on the simulator, not the disk
  std::vector<std::string> guest_command;  // instead of `run`: a whole fsfuzz argv tail
                                           // ("stress", "--duration", ...) with {DIR} {OUT}
  std::string exec;  // a host executable (a C reproducer) run instead of fsfuzz, with
                     // guest_command as its arguments; a dynamic one brings its libraries
  std::string out_dir;                   // findings and console.log land here
  std::string image;                     // bcachefs image ("" : bcachefs format, else shared)
  int timeout_s = 600;                   // per filesystem command
  std::string crash_hook;                // test only: "panic" after mounting
};

// One program's verdict on one filesystem, as the guest reported it.
struct InVmVerdict {
  std::string program;
  std::string fs;       // filesystem type the guest probed
  std::string cell;     // ok | <class> | known:<id> | inconclusive
  std::string title;
  std::map<std::string, uint64_t> signals;
};

struct InVmResult {
  std::string kernel;                  // the guest's uname -r
  std::string outcome;                 // completed | guest-hang | kernel-crash | ...
  std::string detail;
  std::vector<InVmVerdict> verdicts;
  std::vector<std::string> frames;     // other frames (e.g. stress summaries), raw JSON
  std::vector<std::string> skipped;    // "bcachefs: <why the disk did not mount>"
  std::vector<std::string> finding_files;  // on the host (guest findings copied + console findings)
  std::vector<Finding> console_findings;
  std::vector<int> exit_statuses;      // each guest command's exit status (-1: did not finish)
  double boot_s = -1;                  // qemu start to the first command
  double wall_s = 0;
  std::string results_dir;             // the guest's /results on the host
};

// Boots, runs, collects. A Status error means the VM could not be set up (Environment:
// no qemu, no kernel, no busybox; the message is the skip reason).
Result<InVmResult> RunProgramsInVm(const InVmRequest& req);

}  // namespace fsfuzz
