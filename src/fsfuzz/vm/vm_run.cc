// RunInVm: kernel -> modules -> payload -> disks -> initramfs -> qemu -> outcome -> results.
#include <chrono>
#include <set>

#include "src/fsfuzz/vm/accel.h"
#include "src/fsfuzz/vm/child_process.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/guest_plan.h"
#include "src/fsfuzz/vm/initramfs.h"
#include "src/fsfuzz/vm/interrupt.h"
#include "src/fsfuzz/vm/kernel_cache.h"
#include "src/fsfuzz/vm/module_index.h"
#include "src/fsfuzz/vm/module_resolve.h"
#include "src/fsfuzz/vm/qemu_runner.h"
#include "src/fsfuzz/vm/vm.h"
#include "src/fsfuzz/vm/vm_outcome.h"

namespace fsfuzz::vm {
namespace {

constexpr const char* kWorkPrefix = "fsfuzz-vm.";

Status ValidateSpec(const VmSpec& spec) {
  std::set<std::string> names;
  for (const auto& d : spec.disks) {
    if (Status s = ValidateDiskName(d.name); !s.ok()) return s;
    if (!names.insert(d.name).second) return Status::Usage("disk name '" + d.name + "' used twice");
    if (d.fs.empty()) return Status::Usage("disk " + d.name + ": no filesystem type");
  }
  for (const auto& c : spec.commands)
    if (c.argv.empty() || c.timeout_s <= 0) return Status::Usage("a VM command needs an argv and a timeout > 0");
  if (spec.work_parent.find(',') != std::string::npos)
    return Status::Usage("work dir parent must not contain ',' (qemu -drive syntax)");
  if (!spec.crash_hook.empty() && spec.crash_hook != "panic")
    return Status::Usage("crash hook must be \"panic\" or empty");
  if (spec.cpus < 1 || spec.memory_mib < 256) return Status::Usage("VM needs >= 1 cpu and >= 256 MiB");
  return Status::Ok();
}

Result<ModulePlan> PlanModules(const VmSpec& spec, const KernelImage& k, std::vector<std::string>* notes) {
  if (k.modules_dir.empty()) {
    notes->push_back("kernel " + k.version + " has no modules dir: relying on built-in drivers");
    return ModulePlan{};
  }
  auto ix = LoadModuleIndex(k.modules_dir);
  if (!ix.ok()) return ix.status();
  // virtio_pci is built into 6.12's cloud image but a module in 6.1's; ext4: results disk.
  std::vector<std::string> required = {"virtio_pci", "virtio_blk", "ext4"}, optional;
  for (const auto& d : spec.disks) {
    FsModules m = ModulesForFilesystem(d.fs);
    required.insert(required.end(), m.required.begin(), m.required.end());
    optional.insert(optional.end(), m.optional.begin(), m.optional.end());
  }
  required.insert(required.end(), spec.extra_modules.begin(), spec.extra_modules.end());
  auto plan = ResolveModules(*ix, required, optional);
  if (!plan.ok()) return plan.status();
  notes->insert(notes->end(), plan->notes.begin(), plan->notes.end());
  return plan;
}

GuestPlan MakeGuestPlan(const VmSpec& spec, const KernelImage& k) {
  GuestPlan p;
  p.kernel_version = k.version;
  for (const auto& d : spec.disks) p.disks.push_back({d.name, d.fs, d.mount_options});
  for (const auto& c : spec.commands) p.commands.push_back({c.argv, c.timeout_s});
  p.env = spec.env;
  p.crash_hook = spec.crash_hook;
  p.setup_timeout_s = spec.setup_timeout_s;
  return p;
}

}  // namespace

Status VmAvailable(const std::string& kernel, const KernelFetchOptions& fetch) {
  if (FindTool("qemu-system-x86_64").empty()) return Status::Environment("qemu-system-x86_64 is not installed");
  if (auto b = FindStaticBusybox(); !b.ok()) return b.status();
  for (const char* t : {"mkfs.ext4", "e2fsck", "debugfs"})
    if (FindTool(t).empty()) return Status::Environment(std::string(t) + " is not installed (e2fsprogs)");
  auto k = ResolveKernel(kernel, fetch);
  return k.ok() ? Status::Ok() : k.status();
}

Result<VmResult> RunInVm(const VmSpec& spec) {
  ScopedInterruptGuard guard;  // first in, last out: re-raises after everything is cleaned
  using Clock = std::chrono::steady_clock;
  const auto t0 = Clock::now();
  if (Status s = ValidateSpec(spec); !s.ok()) return s;
  const std::string qemu = FindTool("qemu-system-x86_64");
  if (qemu.empty()) return Status::Environment("qemu-system-x86_64 is not installed");
  auto busybox = FindStaticBusybox();
  if (!busybox.ok()) return busybox.status();
  auto kernel = ResolveKernel(spec.kernel, spec.fetch);
  if (!kernel.ok()) return kernel.status();

  VmResult r;
  r.kernel = *kernel;
  auto modules = PlanModules(spec, *kernel, &r.notes);
  if (!modules.ok()) return modules.status();

  InitramfsInputs in;
  in.busybox = *busybox;
  in.modules_dir = kernel->modules_dir;
  in.modules = *modules;
  in.plan = MakeGuestPlan(spec, *kernel);
  if (!spec.payload.empty()) {
    auto files = PayloadFiles(spec.payload);
    if (!files.ok()) return files.status();
    in.files = *files;
  }
  in.files.insert(in.files.end(), spec.extra_files.begin(), spec.extra_files.end());

  RemoveStaleTempDirs(kWorkPrefix, spec.work_parent);
  auto work = ScopedTempDir::Create(kWorkPrefix, spec.work_parent);
  if (!work.ok()) return work.status();
  if (spec.keep_work_dir) work->Keep();
  const std::string dir = work->path();

  QemuConfig qc;
  qc.qemu = qemu;
  qc.cpus = spec.cpus;
  qc.tcg_multithread = spec.tcg_multithread;
  qc.memory_mib = spec.memory_mib;
  qc.kernel = kernel->vmlinuz;
  qc.initrd = dir + "/initramfs.cpio";
  qc.append = KernelCmdline({spec.panic_on_oops, spec.extra_cmdline});
  auto results = MakeResultsDisk(dir, spec.results_disk_bytes);
  if (!results.ok()) return results.status();
  qc.results = *results;
  for (const auto& d : spec.disks) {
    auto img = MakeTestDisk(d, dir);
    if (!img.ok()) return img.status();
    qc.disks.push_back(*img);
    r.disks.push_back({d.name, d.fs, img->how, false, ""});
  }
  if (auto size = BuildInitramfs(in, qc.initrd); !size.ok()) return size.status();
  r.commands.resize(spec.commands.size());

  if (!spec.results_dir.empty())
    if (Status s = MakeDirs(spec.results_dir); !s.ok()) return s;
  QemuRunOptions ro;
  ro.console_log = (spec.results_dir.empty() ? dir : spec.results_dir) + "/console.log";
  ro.on_frame = spec.on_frame;
  ro.deadlines.setup_s = spec.setup_timeout_s;
  ro.deadlines.grace_s = spec.grace_s;
  for (const auto& c : spec.commands) ro.deadlines.command_timeouts_s.push_back(c.timeout_s);
  ro.abort_on_stderr = {"KVM internal error", "failed to set MSR", "Could not access KVM",
                        "failed to initialize kvm", "failed to initialize KVM"};

  const std::string cache = spec.fetch.cache_dir.empty() ? DefaultCacheDir() : spec.fetch.cache_dir;
  bool auto_kvm = spec.accel == Accel::kAuto && KvmWorthTrying(cache);
  qc.accel = (spec.accel == Accel::kKvm || auto_kvm) ? Accel::kKvm : Accel::kTcg;
  Result<QemuRun> run = Status::Internal("not run");
  for (;;) {
    ro.deadlines.boot_s = spec.boot_timeout_s > 0 ? spec.boot_timeout_s
                          : qc.accel == Accel::kKvm ? 60 : 120;
    run = RunQemu(QemuArgv(qc), ro);
    if (!run.ok()) return run.status();
    if (run->end == QemuEnd::kInterrupted) return Status::Environment("VM run " + run->reason);
    if (auto_kvm && qc.accel == Accel::kKvm && !run->guest_started) {
      // KVM here cannot run this guest (nested KVM often cannot): remember, use TCG.
      MarkKvmBroken(cache, "qemu " + std::string(QemuEndName(run->end)) + ": " + run->reason + "\n" +
                               run->qemu_stderr.substr(0, 2000));
      r.notes.push_back("KVM failed to boot the guest (" + run->reason + "); retried under TCG");
      qc.accel = Accel::kTcg;
      continue;
    }
    break;
  }
  r.accel = AccelName(qc.accel);
  InterpretRun(*run, &r);

  if (!spec.results_dir.empty()) {
    r.results_dir = spec.results_dir;
    if (Status s = ReadResultsDisk(results->path, spec.results_dir + "/guest"); !s.ok())
      r.results_error = s.message();
  }
  r.wall_s = std::chrono::duration<double>(Clock::now() - t0).count();
  return r;
}

}  // namespace fsfuzz::vm
