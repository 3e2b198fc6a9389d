// RunProgramsInVm (see in_vm.h): the host side of running fsfuzz inside a VM.
#include "src/fsfuzz/run/in_vm.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "src/fsfuzz/finding/known_findings.h"
#include "src/fsfuzz/testbed/fs_table.h"
#include "src/fsfuzz/testbed/kernel_log.h"
#include "src/fsfuzz/trace/atomic_file.h"
#include "src/fsfuzz/vm/payload.h"
#include "src/fsfuzz/vm/vm.h"

namespace fsfuzz {
namespace {

std::string NowIso() {
  char buf[32];
  time_t t = time(nullptr);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Guest findings come back under results/guest/<fs>/: copy them next to the host's.
void CollectGuestFindings(const std::string& guest_dir, const std::string& out_dir, InVmResult& res) {
  std::error_code ec;
  if (!std::filesystem::is_directory(guest_dir, ec)) return;
  for (const auto& e : std::filesystem::recursive_directory_iterator(guest_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name.rfind("finding-", 0) != 0 || e.path().extension() != ".json") continue;
    const std::string dst = out_dir + "/" + e.path().parent_path().filename().string() + "-" + name;
    std::filesystem::copy_file(e.path(), dst, std::filesystem::copy_options::overwrite_existing, ec);
    if (!ec) res.finding_files.push_back(dst);
  }
}

}  // namespace

std::string VmDiskName(const std::string& fs) {
  // Disk names are a-z, 0-9 and _, at most 13 characters (the virtio serial); the
  // variants' names differ within that.
  std::string n;
  for (char c : fs) {
    if (n.size() == 13) break;
    n += (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
  }
  return n;
}

Result<InVmResult> RunProgramsInVm(const InVmRequest& req) {
  if (req.fs.empty()) return Status::Usage("--vm needs --fs: the filesystems to put on the VM's disks");
  std::error_code ec;
  std::filesystem::create_directories(req.out_dir, ec);
  if (ec) return Status::Environment(req.out_dir + ": " + ec.message());
  const std::string results = req.out_dir + "/vm-" + std::to_string(getpid()) + "-" + std::to_string(time(nullptr));

  vm::VmSpec spec;
  spec.kernel = req.kernel;
  spec.payload = "/proc/self/exe";
  spec.results_dir = results;
  spec.crash_hook = req.crash_hook;
  spec.memory_mib = 2048;
  for (const std::string& fs : req.fs) {
    // A variant (ext4-1k, xfs-reflink, ...) formats and mounts as it does on the host; its
    // disk is named after it (the guest's mount point and results directory).
    const Variant* v = FindVariant(fs);
    vm::DiskRequest d = vm::DiskFor(v ? std::string(v->fs_type) : fs, VmDiskName(fs));
    if (v && v->mkfs.rfind("mkfs.", 0) == 0) d.mkfs_args = SplitArgs(v->mkfs_args);  // bcachefs: its own argv
    if (v) d.mount_options = std::string(v->mount_options);
    if (d.fs == "bcachefs" && !req.image.empty()) d.image = req.image;
    spec.disks.push_back(d);
  }
  std::vector<std::string> guest_programs;
  for (size_t i = 0; i < req.programs.size(); ++i) {
    const std::string base = std::filesystem::path(req.programs[i]).filename().string();
    const std::string gp = "/fsfuzz/programs/" + std::to_string(i) + "-" + base;
    spec.extra_files.push_back({gp, req.programs[i], 0644});
    guest_programs.push_back(gp);
  }
  std::string exec_argv0 = "fsfuzz";
  if (!req.exec.empty()) {
    // Run as /fsfuzz/exec/<name>: the executable and, when dynamic, its loader and libraries.
    constexpr const char* kExecDir = "/fsfuzz/exec";
    auto files = vm::PayloadFiles(req.exec, kExecDir);
    if (!files.ok()) return Status::Usage("--exec " + req.exec + ": " + files.status().message());
    spec.extra_files.insert(spec.extra_files.end(), files->begin(), files->end());
    exec_argv0 = files->front().guest_path;
  }
  for (const std::string& fs : req.fs) {
    vm::VmCommand c;
    c.timeout_s = req.timeout_s;
    // fsfuzz makes its own directory; an --exec program gets the mount point itself.
    const std::string disk = VmDiskName(fs);
    const std::string dir = req.exec.empty() ? "/mnt/" + disk + "/fsfuzz" : "/mnt/" + disk;
    const std::string out = "/results/" + disk;
    if (!req.guest_command.empty() || !req.exec.empty()) {
      c.argv = {exec_argv0};
      for (std::string a : req.guest_command) {
        if (a == "{DIR}") a = dir;
        if (a == "{OUT}") a = out;
        c.argv.push_back(a);
      }
    } else {
      c.argv = {"fsfuzz", "run"};
      c.argv.insert(c.argv.end(), guest_programs.begin(), guest_programs.end());
      if (req.sim_args.empty()) {
        c.argv.insert(c.argv.end(), {"--dir", dir});
      } else {
        c.argv.insert(c.argv.end(), req.sim_args.begin(), req.sim_args.end());
      }
      c.argv.insert(c.argv.end(), {"--out", out, "--frames", "--label", fs});
      if (req.bytes) c.argv.push_back("--bytes");
      c.argv.insert(c.argv.end(), req.guest_args.begin(), req.guest_args.end());
    }
    spec.commands.push_back(c);
  }
  InVmResult res;
  spec.on_frame = [&](const vm::GuestFrame& f) {
    if (f.source != vm::GuestFrame::Source::kPayload || !f.valid) return;
    const auto& d = f.data;
    if (d.value("type", "") == "verdict") {
      InVmVerdict v;
      v.program = d.value("program", "");
      v.fs = d.value("label", d.value("fs", ""));
      v.cell = d.value("cell", "");
      v.title = d.value("title", "");
      if (d.contains("signals") && d["signals"].is_object()) {
        for (auto it = d["signals"].begin(); it != d["signals"].end(); ++it) {
          if (it.value().is_number_unsigned()) v.signals[it.key()] = it.value().get<uint64_t>();
        }
      }
      if (res.kernel.empty()) res.kernel = d.value("kernel", "");
      res.verdicts.push_back(v);
    } else {
      res.frames.push_back(f.text);
    }
  };
  auto r = vm::RunInVm(spec);
  if (!r.ok()) return r.status();
  const vm::VmResult& vr = *r;
  if (res.kernel.empty()) res.kernel = vr.kernel.version;
  res.outcome = vm::VmOutcomeName(vr.outcome);
  res.detail = vr.detail;
  res.boot_s = vr.host_to_payload_s;
  res.wall_s = vr.wall_s;
  res.results_dir = vr.results_dir;
  for (const vm::DiskOutcome& d : vr.disks) {
    // Named by disk (the filesystem's or variant's name, see VmDiskName), as rows look them up.
    if (!d.mounted) res.skipped.push_back(d.name + ": did not mount in the VM (" + d.error + ")");
  }
  CollectGuestFindings(vr.results_dir.empty() ? "" : vr.results_dir + "/guest", req.out_dir, res);

  // The console through the kernel-log pattern table: oops, panic, hung task, fs errors.
  const std::string fs_label = "vm:" + req.kernel;
  for (const KernelReport& kr : ParseKernelLog(vr.console)) {
    auto f = ToFinding(kr, fs_label);
    if (!f) continue;
    f->evidence["kernel"] = res.kernel;
    f->evidence["vm_outcome"] = res.outcome;
    if (vr.outcome == vm::VmOutcome::kGuestHang) f->evidence["task_dump"] = vr.task_dump;
    res.console_findings.push_back(*f);
  }
  // A guest hang the guest's own watchdog could not report (the task is stuck in the
  // kernel): the host reports it with the guest's task stacks.
  bool guest_reported_hang = false;
  for (const std::string& p : res.finding_files) {
    if (p.find("finding-") != std::string::npos) {
      auto rec = ReadFindingFile(p);
      if (rec.ok() && rec->finding.cls == FindingClass::kHang) {
        guest_reported_hang = true;
        // Add the guest's sysrq task dump to it.
        if (!vr.task_dump.empty()) {
          FindingRecord fr = *rec;
          fr.finding.evidence["guest_task_dump"] = vr.task_dump;
          (void)WriteFileAtomically(p, ToJson(fr).dump(1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
      }
    }
  }
  if (vr.outcome == vm::VmOutcome::kGuestHang && !guest_reported_hang) {
    Finding f;
    f.cls = FindingClass::kHang;
    f.fs = fs_label;
    f.op_kinds = {"vm"};
    f.title = "INFO: task hung in the guest on " + fs_label;
    f.detail = vr.detail + "\n" + vr.task_dump;
    f.evidence = {{"task_dump", vr.task_dump}, {"kernel", res.kernel}};
    res.console_findings.push_back(f);
  }
  for (Finding& f : res.console_findings) {
    // The console does not say which disk's filesystem logged it: known on any of them.
    for (const std::string& fs : req.fs) {
      Env e;
      e.fs = fs;
      e.kernel = res.kernel;
      if (MarkKnown(f, e)) break;
    }
  }
  for (const vm::CommandOutcome& c : vr.commands) res.exit_statuses.push_back(c.exit_status);
  for (const Finding& f : res.console_findings) {
    FindingRecord fr;
    fr.finding = f;
    fr.env.fs = fs_label;
    fr.env.kernel = res.kernel;
    fr.env.backend = "vm";
    fr.tool_version = "0.1.0";
    fr.created = NowIso();
    fr.trace = nlohmann::json{{"console_tail", vr.console.size() > 20000 ? vr.console.substr(vr.console.size() - 20000)
                                                                          : vr.console}};
    auto path = WriteFindingFile(req.out_dir, fr);
    if (path.ok()) res.finding_files.push_back(*path);
  }
  return res;
}

}  // namespace fsfuzz
