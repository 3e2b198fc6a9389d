// Assembles the guest's initramfs (an uncompressed newc cpio, fastest to unpack under
// TCG): busybox with all its applet links, /init and its config, the kernel modules of
// the plan (decompressed on the host), and the payload files.
#pragma once

#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/vm/guest_plan.h"
#include "src/fsfuzz/vm/module_resolve.h"
#include "src/fsfuzz/vm/payload.h"

namespace fsfuzz::vm {

struct InitramfsInputs {
  std::string busybox;             // a static busybox on the host
  std::string modules_dir;         // the kernel's modules dir ("" when the plan has none)
  ModulePlan modules;              // from ResolveModules; becomes plan.modules
  std::vector<GuestFile> files;    // payload, its libraries, extra files
  GuestPlan plan;
};

// The busybox to use: FSFUZZ_BUSYBOX, else /bin/busybox or /usr/bin/busybox, which must be
// statically linked (Debian: busybox-static).
Result<std::string> FindStaticBusybox();

// Writes the archive; returns its size in bytes.
Result<uint64_t> BuildInitramfs(const InitramfsInputs& in, const std::string& out_path);

}  // namespace fsfuzz::vm
