// What the guest's /init does, as data: modules to load, disks to mount, commands to run
// with their deadlines. Rendered into /fsfuzz/config (shell) beside the fixed /init.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

inline constexpr const char* kFramePrefixInit = "@@FSFUZZ-INIT ";  // frames written by /init
inline constexpr const char* kFramePrefixPayload = "@@FSFUZZ ";     // frames written by payloads
inline constexpr const char* kFrameSuffix = "@@";
inline constexpr const char* kResultsSerial = "fsfuzz-results";
inline constexpr const char* kGuestResultsDir = "/results";
inline constexpr const char* kGuestMountDir = "/mnt";

struct GuestModule {
  std::string path;  // relative to /lib/modules/<version>, uncompressed (.ko)
  bool required = true;
};

struct GuestDisk {
  std::string name;           // [a-z0-9_]{1,13}: /mnt/<name>, virtio serial fsfuzz-<name>
  std::string fs;             // mount -t
  std::string mount_options;  // mount -o ("" for none)
};

struct GuestCommand {
  std::vector<std::string> argv;  // argv[0]: a guest path or a name in PATH (/fsfuzz/bin first)
  int timeout_s = 60;             // the guest watchdog dumps task stacks after this
};

struct GuestPlan {
  std::string kernel_version;
  std::vector<GuestModule> modules;  // insmod order
  std::vector<GuestDisk> disks;
  std::vector<GuestCommand> commands;
  std::vector<std::pair<std::string, std::string>> env;  // exported for the commands
  std::string crash_hook;  // test only: "panic" makes /init crash the kernel after mounting
  int setup_timeout_s = 120;  // the guest watchdog's deadline for each mount
};

// Disk names become shell variable names, mount points and virtio serials.
Status ValidateDiskName(const std::string& name);
std::string DiskSerial(const std::string& name);  // "fsfuzz-<name>" (virtio: max 20 bytes)

// The fixed /init script (busybox sh).
std::string InitScript();
// /fsfuzz/config, sourced by /init.
Result<std::string> GuestConfig(const GuestPlan& plan);
// /fsfuzz/modules: "<required true|false> <path>" per line.
std::string GuestModuleList(const GuestPlan& plan);

// 'text' quoted for sh.
std::string ShellQuote(const std::string& text);

}  // namespace fsfuzz::vm
