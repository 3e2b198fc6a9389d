// Stress rows run inside a VM (see vm_stress.h).
#include "cli/vm_stress.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>

#include "src/fsfuzz/run/in_vm.h"
#include "src/fsfuzz/testbed/detect.h"
#include "src/fsfuzz/testbed/fs_table.h"
#include "src/fsfuzz/vm/disk_image.h"
#include "src/fsfuzz/vm/vm.h"

namespace fsfuzz::cli {
namespace {

std::string JoinList(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// One boot for every row: the first row to run starts the VM, later rows read its result.
struct SharedVm {
  VmStressRequest req;
  std::optional<Result<InVmResult>> result;
};

std::string GuestRowFile(const InVmResult& r, const std::string& fs) {
  return r.results_dir + "/guest/" + VmDiskName(fs) + "/stress.json";
}

// The guest's row for fs as a row of the host's report: named after the filesystem (not
// the guest's directory), with the VM as runner and finding files at their host paths.
Result<reports::FsResult> RowFromGuest(const InVmResult& r, const std::string& fs, const std::string& kernel) {
  const std::string file = GuestRowFile(r, fs);
  auto s = reports::ReadSummaryFile(file);
  std::string why = "VM " + kernel + " (" + r.outcome + (r.detail.empty() ? "" : ": " + r.detail) + ")";
  for (const std::string& sk : r.skipped) {
    if (sk.rfind(VmDiskName(fs) + ":", 0) == 0) why += "; " + sk;
  }
  if (!s.ok() || s->filesystems.empty()) {
    return Status::Environment(fs + ": no figures came back from the " + why);
  }
  reports::FsResult row = s->filesystems.front();
  row.name = row.variant = fs;
  row.runner = "vm:" + kernel;
  if (!row.env) row.env = Env{};
  if (row.env->kernel.empty()) row.env->kernel = r.kernel;
  for (reports::FindingStats& f : row.findings) {
    if (f.first_file.rfind("/results/", 0) == 0) f.first_file = r.results_dir + "/guest/" + f.first_file.substr(9);
  }
  // The guest reported its row; a VM that then died (oops, hang) still says so.
  if (r.outcome != "completed" && row.status == reports::FsStatus::kRan) {
    row.status = reports::FsStatus::kFailed;
    row.skip_reason = why;
  }
  // The console's findings (oops, hung task) join the row's classes: one entry per class.
  for (const Finding& cf : r.console_findings) {
    if (cf.evidence.contains("known")) continue;
    auto same = std::find_if(row.findings.begin(), row.findings.end(),
                             [&](const reports::FindingStats& f) { return f.cls == cf.cls; });
    if (same != row.findings.end()) {
      ++same->count;
      continue;
    }
    reports::FindingStats fs_stats;
    fs_stats.cls = cf.cls;
    fs_stats.count = 1;
    fs_stats.first_title = cf.title;
    row.findings.push_back(fs_stats);
  }
  return row;
}

}  // namespace

std::vector<std::string> StressArgs(const StressFlags& sf) {
  const stress::StressConfig& c = sf.config;
  std::vector<std::string> a = {"--threads", std::to_string(c.threads), "--seed", std::to_string(c.seed),
                                "--mix", c.mix, "--file-size", sf.file_size, "--steps", std::to_string(c.steps),
                                "--deadline", std::to_string(c.deadline_ms), "--progress-interval", "30",
                                "--max-files-per-signature", std::to_string(c.max_files_per_signature)};
  if (!sf.duration.empty()) a.insert(a.end(), {"--duration", sf.duration});
  if (c.ops_limit > 0) a.insert(a.end(), {"--ops", std::to_string(c.ops_limit)});
  if (!c.check) a.push_back("--no-check");
  return a;
}

std::vector<stress::ExtraRun> VmStressRuns(const VmStressRequest& req) {
  auto shared = std::make_shared<SharedVm>();
  shared->req = req;
  std::vector<stress::ExtraRun> runs;
  for (const std::string& fs : req.fs) {
    stress::ExtraRun e;
    e.name = fs;
    e.run = [shared, fs](const stress::StressConfig& config,
                         const stress::StressHooks& hooks) -> Result<reports::FsResult> {
      const VmStressRequest& q = shared->req;
      if (!shared->result) {
        if (hooks.announce) {
          hooks.announce("vm " + q.kernel + ": booting for " + JoinList(q.fs) +
                         " (software emulation is slow; figures arrive when the guest is done)");
        }
        InVmRequest vr;
        vr.kernel = q.kernel;
        vr.fs = q.fs;
        vr.image = q.image;
        vr.out_dir = q.out_dir + "/vm";
        vr.guest_command = {"stress", "--dir", "{DIR}", "--out", "{OUT}"};
        vr.guest_command.insert(vr.guest_command.end(), q.stress_args.begin(), q.stress_args.end());
        // Each guest command gets its bound and a margin for a slow emulated teardown (a
        // guest whose stress hung cannot exit: the host waits this long, then dumps the
        // guest's tasks); an op-bounded run gets a generous fixed budget.
        vr.timeout_s = config.duration_s > 0 ? static_cast<int>(config.duration_s) + 150 : 1800;
        shared->result = RunProgramsInVm(vr);
        if (hooks.announce && shared->result->ok()) {
          const InVmResult& r = **shared->result;
          std::ostringstream line;
          line << "vm " << q.kernel << " (" << r.kernel << "): " << r.outcome << ", first command after "
               << r.boot_s << " s, " << r.wall_s << " s in all";
          hooks.announce(line.str());
        }
      }
      if (!shared->result->ok()) return shared->result->status();
      return RowFromGuest(**shared->result, fs, q.kernel);
    };
    runs.push_back(std::move(e));
  }
  return runs;
}

std::vector<std::string> FilesystemsForVm(const std::string& fs_list, const std::string& kernel,
                                          std::string* why_not) {
  std::vector<std::string> out;
  for (const std::string& name : SplitList(fs_list)) {
    if (name != "bcachefs") continue;  // the one filesystem Debian's kernels have and this host may not
    const Variant* v = FindVariant(name);
    if (!v || !SkipReason(*v)) continue;  // the host runs it itself
    if (Status s = vm::VmAvailable(kernel); !s.ok()) {
      if (why_not) *why_not = "no VM path for " + name + ": " + s.message();
      continue;
    }
    if (vm::DefaultBcachefsImage().empty() && !KernelHasFilesystem("bcachefs")) {
      // Without `bcachefs format` on the host, the guest needs the pre-formatted image.
      bool tool = false;
      for (const char* dir : {"/usr/sbin/", "/sbin/", "/usr/bin/", "/usr/local/sbin/", "/usr/local/bin/"}) {
        tool = tool || std::filesystem::exists(std::string(dir) + "bcachefs");
      }
      if (!tool) {
        if (why_not) *why_not = "no VM path for bcachefs: no `bcachefs format` and no pre-formatted image";
        continue;
      }
    }
    out.push_back(name);
  }
  return out;
}

}  // namespace fsfuzz::cli
