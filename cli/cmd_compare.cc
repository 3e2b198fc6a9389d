// compare: the same stress run (seed, mix, bound) on every filesystem this machine has,
// one after another, then one report directory: summary.json, report.md, report.html.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/stress_flags.h"
#include "cli/target_flags.h"
#include "cli/vm_stress.h"
#include "reports/write_report.h"
#include "stress/interrupt.h"
#include "stress/series.h"

namespace fsfuzz::cli {

namespace {
// The filesystems a newcomer wants compared; one this machine lacks is listed as
// skipped with its reason.
constexpr const char* kDefaultFilesystems = "ext4,xfs,btrfs,tmpfs,bcachefs";
}  // namespace

int CmdCompare(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz compare");
  TargetFlags tf;
  StressFlags sf;
  std::string out, vm_kernel, vm_auto_kernel, vm_image_file;
  bool no_vm = false;
  desc.add_options()("out", po::value(&out)->default_value("compare-out"),
                     "report directory: summary.json, report.md, report.html, findings/")(
      "vm", po::value(&vm_kernel),
      "run every filesystem inside qemu with this kernel (debian-6.12, debian-6.1, host, /path/vmlinuz[:moddir])")(
      "vm-kernel", po::value(&vm_auto_kernel)->default_value("debian-6.12"),
      "kernel for the filesystems this host lacks (bcachefs), run in a VM automatically")(
      "no-vm", po::bool_switch(&no_vm), "never boot a VM: filesystems this kernel lacks are skipped")(
      "image", po::value(&vm_image_file), "bcachefs image for the VM (default: bcachefs format, else the shared image)");
  // Two lanes with rounds two ops wide: the races fsfuzz is for, and the collision
  // semantics the report shows, need concurrency; a one-thread run has none.
  sf.Add(desc, "60s", 2);
  tf.Add(desc);
  po::variables_map vm;
  int rc;
  const std::string usage = std::string("fsfuzz compare [--fs LIST] [--duration 60s] [options]   (root)\n") +
                            "  default --fs " + kDefaultFilesystems +
                            "; the same seed and mix run on each, for --duration (or --ops) each\n"
                            "exit: 0 no finding, 1 findings, 3 nothing could run, 4 a filesystem failed part way";
  if (!ParseArgs(args, usage, desc, nullptr, vm, &rc)) return rc;
  if (tf.dir.empty() && tf.fs.empty() && tf.backend == "posix") tf.fs = kDefaultFilesystems;
  if (!vm_kernel.empty() && tf.fs.empty()) return Fail("compare", Status::Usage("--vm needs --fs (the VM's disks)"));
  if (vm.count("ops") && !vm["ops"].defaulted() && vm["duration"].defaulted()) sf.duration.clear();
  if (Status s = sf.Finish(out); !s.ok()) return Fail("compare", s);
  // With --vm every filesystem runs in the guest; otherwise the host runs what it has and
  // a filesystem only a VM kernel has (bcachefs) runs there, when the VM path exists.
  std::vector<TargetSpec> host_specs;
  if (vm_kernel.empty()) {
    auto specs = tf.Specs();
    if (!specs.ok()) return Fail("compare", specs.status());
    host_specs = *specs;
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return Fail("compare", Status::Environment(out + ": " + ec.message()));

  stress::InterruptGuard interrupts;
  Console console(sf.progress_interval_s);
  stress::StressHooks hooks = console.Hooks();
  // The report is rewritten after every filesystem (and at snapshots), so a compare
  // stopped part way still leaves a readable report of what ran.
  auto save = [&](const reports::Summary& s) {
    if (Status st = reports::WriteReportDir(s, out); !st.ok()) console.Note("fsfuzz compare: " + st.message());
  };
  VmStressRequest vmreq;
  vmreq.out_dir = out;
  vmreq.image = vm_image_file;
  vmreq.stress_args = StressArgs(sf);
  if (!vm_kernel.empty()) {
    vmreq.kernel = vm_kernel;
    auto specs = tf.Specs();
    if (!specs.ok()) return Fail("compare", specs.status());
    for (const TargetSpec& s : *specs) vmreq.fs.push_back(stress::SpecName(s));
  } else if (!no_vm && tf.dir.empty() && tf.backend == "posix") {
    std::string why_not;
    vmreq.kernel = vm_auto_kernel;
    vmreq.fs = FilesystemsForVm(tf.fs, vm_auto_kernel, &why_not);
    if (!why_not.empty()) console.Note("compare: " + why_not);
  }
  const std::vector<stress::ExtraRun> extras = vmreq.fs.empty() ? std::vector<stress::ExtraRun>{} : VmStressRuns(vmreq);
  auto summary = stress::RunSeries(sf.config, host_specs, extras, hooks, save);
  if (!summary.ok()) return Fail("compare", summary.status());
  if (Status st = reports::WriteReportDir(*summary, out); !st.ok()) return Fail("compare", st);
  PrintSummaryTable(*summary, stdout);
  std::error_code ec2;
  const std::string html = std::filesystem::absolute(out, ec2).string() + "/" + reports::kHtmlFileName;
  std::printf("\nreport: %s\n        (%s, %s beside it)\n", html.c_str(), reports::kMarkdownFileName,
              reports::kSummaryFileName);
  if (stress::InterruptGuard::Requested()) std::printf("(stopped by signal %d)\n", stress::InterruptGuard::Signal());
  std::fflush(stdout);
  return SeriesExitCode(*summary);
}

}  // namespace fsfuzz::cli
