// Reads what happened in the guest from /init's frames, the console and how qemu ended:
// the outcome, per-disk mount results, per-command exits, boot timings. Pure.
#pragma once

#include "src/fsfuzz/vm/qemu_runner.h"
#include "src/fsfuzz/vm/vm.h"

namespace fsfuzz::vm {

// Fills outcome, detail, console, frames, disks[].mounted/error, commands, notes and the
// timings of r (r->disks and r->commands must already list the run's disks and commands).
void InterpretRun(const QemuRun& run, VmResult* r);

// The first line of a kernel panic in console text ("Kernel panic - not syncing: ..."), or "".
std::string FindPanicLine(const std::string& console);

// The guest watchdog's task-stack dump: from the first "sysrq: Show Blocked State" (or
// "Show State") line up to /init's hang_dumped frame; "" if there is none.
std::string ExtractTaskDump(const std::string& console);

}  // namespace fsfuzz::vm
