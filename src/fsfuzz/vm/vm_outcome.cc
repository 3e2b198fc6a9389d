// Outcome rules: a hang the guest reported beats everything; then a clean "done"; then a
// panic on the console; then how the host ended qemu.
#include "src/fsfuzz/vm/vm_outcome.h"

#include "src/fsfuzz/vm/guest_plan.h"

namespace fsfuzz::vm {

const char* VmOutcomeName(VmOutcome o) {
  switch (o) {
    case VmOutcome::kCompleted: return "completed";
    case VmOutcome::kGuestHang: return "guest-hang";
    case VmOutcome::kKernelCrash: return "kernel-crash";
    case VmOutcome::kHostTimeout: return "host-timeout";
    case VmOutcome::kGuestDied: return "guest-died";
    case VmOutcome::kBootFailed: return "boot-failed";
  }
  return "?";
}

std::string FindPanicLine(const std::string& console) {
  size_t p = console.find("Kernel panic - not syncing");
  if (p == std::string::npos) return "";
  size_t bol = console.rfind('\n', p);
  bol = bol == std::string::npos ? 0 : bol + 1;
  size_t eol = console.find('\n', p);
  return console.substr(bol, eol == std::string::npos ? std::string::npos : eol - bol);
}

std::string ExtractTaskDump(const std::string& console) {
  size_t start = console.find("sysrq: Show Blocked State");
  if (start == std::string::npos) start = console.find("sysrq: Show State");
  if (start == std::string::npos) return "";
  size_t bol = console.rfind('\n', start);
  start = bol == std::string::npos ? 0 : bol + 1;
  size_t end = console.find(std::string(kFramePrefixInit) + "{\"event\":\"hang_dumped\"", start);
  return console.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

void InterpretRun(const QemuRun& run, VmResult* r) {
  r->console = run.console.text();
  r->frames = run.console.frames();
  r->qemu_stderr = run.qemu_stderr;
  r->qemu_end = QemuEndName(run.end);
  double init_start = -1, host_first_cmd = -1;
  bool done = false, hang = false;
  std::string hang_what = "a step";
  for (const auto& f : r->frames) {
    if (f.source != GuestFrame::Source::kInit || !f.valid || !f.data.is_object()) continue;
    const auto& d = f.data;
    const std::string ev = d.value("event", "");
    const double up = d.value("uptime", -1.0);
    const size_t index = d.value("index", 0u);
    if (ev == "start") {
      init_start = up;
      r->kernel_boot_s = up;
      r->host_to_init_s = f.host_seconds;
    } else if (ev == "module" && !d.value("ok", true)) {
      r->notes.push_back((d.value("required", true) ? "module load failed: " : "optional module load failed: ") +
                         d.value("path", std::string()) + ": " + d.value("error", std::string()));
    } else if (ev == "results" && !d.value("ok", true)) {
      r->notes.push_back("results disk: " + d.value("error", std::string()));
    } else if (ev == "mount") {
      for (auto& disk : r->disks)
        if (disk.name == d.value("disk", std::string())) {
          disk.mounted = d.value("ok", false);
          disk.error = d.value("error", std::string());
        }
    } else if (ev == "cmd_start" && index < r->commands.size()) {
      r->commands[index].started = true;
      r->commands[index].seconds = -up;  // completed at cmd_exit
      if (host_first_cmd < 0) {
        host_first_cmd = f.host_seconds;
        if (init_start >= 0) r->init_to_payload_s = up - init_start;
      }
    } else if (ev == "cmd_exit" && index < r->commands.size()) {
      r->commands[index].finished = true;
      r->commands[index].exit_status = d.value("status", -1);
      r->commands[index].seconds += up;
    } else if (ev == "hang") {
      hang = true;
      if (d.contains("index") && index < r->commands.size()) {
        r->commands[index].hung = true;
        hang_what = "command " + std::to_string(index);
      } else if (d.contains("mount")) {
        hang_what = "mounting " + d.value("mount", std::string());
        for (auto& disk : r->disks)
          if (disk.name == d.value("mount", std::string())) disk.error = "mount hung";
      }
    } else if (ev == "done") {
      done = true;
    }
  }
  for (auto& c : r->commands)
    if (c.started && !c.finished) c.seconds = 0;
  r->host_to_payload_s = host_first_cmd;
  const std::string panic = FindPanicLine(r->console);
  if (hang || run.end == QemuEnd::kKilledHang) {
    r->outcome = VmOutcome::kGuestHang;
    r->task_dump = ExtractTaskDump(r->console);
    r->detail = hang_what + " outlived its deadline; task stacks are on the console";
  } else if (done && run.end == QemuEnd::kExited) {
    r->outcome = VmOutcome::kCompleted;
    r->detail = "all commands ran; the guest powered off";
  } else if (!panic.empty()) {
    r->outcome = VmOutcome::kKernelCrash;
    r->detail = panic;
  } else if (!run.guest_started) {
    r->outcome = VmOutcome::kBootFailed;
    r->detail = "/init never ran: qemu " + std::string(QemuEndName(run.end)) +
                (run.reason.empty() ? "" : " (" + run.reason + ")");
  } else if (run.end == QemuEnd::kKilledTimeout || run.end == QemuEnd::kInterrupted) {
    r->outcome = VmOutcome::kHostTimeout;
    r->detail = run.reason;
  } else {
    r->outcome = VmOutcome::kGuestDied;
    r->detail = "qemu " + std::string(QemuEndName(run.end)) + " before /init finished";
  }
}

}  // namespace fsfuzz::vm
