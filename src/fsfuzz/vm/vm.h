// The VM runner's public API: boot a kernel under qemu with the chosen filesystems on
// virtio disks, run command lines of a payload binary in the guest, and bring back the
// console, the frames the guest printed and the files it wrote to /results.
//
// Guest contract (for payloads such as `fsfuzz run`):
//   * the payload is /fsfuzz/bin/<basename>; PATH is /fsfuzz/bin, then busybox applets;
//   * disk <name> is mounted at /mnt/<name> (env FSFUZZ_MNT_<name>); a disk that failed
//     to mount has no variable and its frame says why;
//   * /results (env FSFUZZ_RESULTS) is a disk the host reads back even if the guest dies:
//     fsync what must survive; it appears on the host under <results_dir>/guest/;
//   * stdout/stderr go to the serial console; a line "@@FSFUZZ <json>@@" is a frame the
//     host hands to VmSpec::on_frame as it arrives and keeps in VmResult::frames;
//   * FSFUZZ_IN_VM=1, FSFUZZ_CMD_INDEX, FSFUZZ_CMD_TIMEOUT (seconds) are set; past that
//     timeout the guest dumps every task's stack (sysrq w, t, l) to the console and the
//     host kills the VM.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/vm/console.h"
#include "src/fsfuzz/vm/disk_image.h"
#include "src/fsfuzz/vm/kernel_fetch.h"
#include "src/fsfuzz/vm/payload.h"
#include "src/fsfuzz/vm/qemu_cmdline.h"

namespace fsfuzz::vm {

struct VmCommand {
  std::vector<std::string> argv;   // e.g. {"fsfuzz", "run", "--dir", "/mnt/bcachefs", ...}
  int timeout_s = 300;             // guest watchdog: stack dump after this
};

struct VmSpec {
  std::string kernel = "debian-6.12";      // host | debian-6.1 | debian-6.12 | /vmlinuz[:moddir]
  KernelFetchOptions fetch;
  std::vector<DiskRequest> disks;          // one per filesystem; name = mount point
  std::string payload;                     // host binary (static or dynamic); "" for none
  std::vector<GuestFile> extra_files;      // more host files (corpus...) at guest paths
  std::vector<VmCommand> commands;         // run in order
  std::vector<std::pair<std::string, std::string>> env;  // exported for the commands
  std::string results_dir;                 // host dir for guest/, console.log ("" keeps none)
  uint64_t results_disk_bytes = 256ull << 20;
  Accel accel = Accel::kAuto;              // auto: KVM when it boots here, else TCG
  bool tcg_multithread = false;            // see QemuConfig: MTTCG can crash guests here
  int cpus = 2;
  int memory_mib = 2048;
  int boot_timeout_s = 0;                  // 0: 120 under TCG, 60 under KVM
  int setup_timeout_s = 180;               // each mount (guest watchdog) and setup step
  int grace_s = 30;                        // past a command's timeout: time to dump stacks
  bool panic_on_oops = true;
  std::vector<std::string> extra_modules;  // module names or aliases to load as well
  std::vector<std::string> extra_cmdline;  // appended to the kernel command line
  std::string work_parent;                 // where the private work dir goes ("" $TMPDIR)
  bool keep_work_dir = false;              // debugging: leave images and initramfs
  std::string crash_hook;                  // test only: "panic" (sysrq-c after mounting)
  std::function<void(const GuestFrame&)> on_frame;  // payload and /init frames, live
};

enum class VmOutcome {
  kCompleted,    // every command ran and the guest powered off
  kGuestHang,    // a command outlived its timeout; stacks are on the console
  kKernelCrash,  // the kernel panicked (an oops with panic_on_oops, sysrq-c, ...)
  kHostTimeout,  // the guest stopped reporting (a wedged kernel); qemu killed
  kGuestDied,    // qemu exited without /init finishing and no panic seen
  kBootFailed,   // /init never ran (kernel or qemu failure)
};
const char* VmOutcomeName(VmOutcome o);

struct DiskOutcome {
  std::string name, fs, how;   // how the image was made
  bool mounted = false;
  std::string error;           // mount error text from the guest ("mount hung": stacks dumped)
};

struct CommandOutcome {
  bool started = false;
  bool finished = false;
  int exit_status = -1;        // sh's $? (128+N: killed by signal N)
  bool hung = false;           // the guest watchdog fired
  double seconds = 0;          // guest uptime from start to exit
};

struct VmResult {
  KernelImage kernel;
  std::string accel;                     // what actually ran: "kvm" or "tcg"
  VmOutcome outcome = VmOutcome::kBootFailed;
  std::string detail;                    // one line: why this outcome
  std::string console;                   // the whole serial console ("\r" removed)
  std::string task_dump;                 // kGuestHang: the sysrq w/t/l dump from the console
  std::vector<GuestFrame> frames;        // all frames, /init's and the payload's
  std::vector<DiskOutcome> disks;
  std::vector<CommandOutcome> commands;
  std::vector<std::string> notes;        // module load failures, skipped soft deps, ...
  std::string qemu_stderr;
  std::string qemu_end;                  // QemuEndName
  double kernel_boot_s = -1;             // guest uptime when /init started
  double host_to_init_s = -1;            // qemu spawn -> /init started (host clock)
  double init_to_payload_s = -1;         // /init start -> first command start (guest clock)
  double host_to_payload_s = -1;         // qemu spawn -> first command start (host clock)
  double wall_s = 0;                     // whole RunInVm
  std::string results_dir;               // where guest files landed ("" none)
  std::string results_error;             // reading the results disk failed: why
};

// Boots, runs, cleans up (qemu, images, temp dir: also on error and on SIGINT/SIGTERM, which
// are re-raised afterwards). A Status error means the run could not be set up (kernel
// fetch, missing tool, bad spec); what happened in the guest is in VmResult.
Result<VmResult> RunInVm(const VmSpec& spec);

// The VM a kernel would need: the kernel fetched and the tools present. For skip reasons.
Status VmAvailable(const std::string& kernel, const KernelFetchOptions& fetch = {});

}  // namespace fsfuzz::vm
