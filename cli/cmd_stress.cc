// stress: long random runs on one or more targets with a progress line; findings are
// saved as they are made, figures (throughput, latency, findings, signals) go to
// OUT/stress.json in the run-summary format (docs/summary-schema.md).
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/stress_flags.h"
#include "cli/target_flags.h"
#include "cli/vm_stress.h"
#include "stress/interrupt.h"
#include "stress/series.h"

namespace fsfuzz::cli {

int CmdStress(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz stress");
  TargetFlags tf;
  StressFlags sf;
  std::string out, vm_kernel, vm_image;
  desc.add_options()("out", po::value(&out)->default_value("stress-out"),
                     "directory for stress.json and findings/ (made if missing)")(
      "vm", po::value(&vm_kernel),
      "run inside qemu with this kernel (debian-6.12, debian-6.1, host, /path/vmlinuz[:moddir]); needs --fs")(
      "image", po::value(&vm_image), "bcachefs image for --vm (default: bcachefs format, else the shared image)");
  sf.Add(desc, "", 1);
  tf.Add(desc);
  po::variables_map vm;
  int rc;
  const std::string usage =
      "fsfuzz stress (--fs LIST | --dir DIR | --backend sim [--bug NAME]) (--duration D | --ops N) [options]\n"
      "  e.g. fsfuzz stress --fs ext4,tmpfs --duration 2m --threads 2 --mix seed\n"
      "exit: 0 no finding, 1 findings, 3 nothing could run, 4 a target failed part way, 5 hang\n"
      "Ctrl-C stops after the current program (a second Ctrl-C aborts; testbeds are torn down either way)";
  if (!ParseArgs(args, usage, desc, nullptr, vm, &rc)) return rc;
  if (Status s = sf.Finish(out); !s.ok()) return Fail("stress", s);
  auto specs = tf.Specs();
  if (!specs.ok()) return Fail("stress", specs.status());
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return Fail("stress", Status::Environment(out + ": " + ec.message()));
  const std::string json = out + "/stress.json";

  stress::InterruptGuard interrupts;
  Console console(sf.progress_interval_s);
  stress::StressHooks hooks = console.Hooks();
  auto save = [&](const reports::Summary& s) {
    if (Status st = stress::WriteSummaryJson(json, s); !st.ok()) console.Note("fsfuzz stress: " + st.message());
  };
  std::vector<stress::ExtraRun> extras;
  std::vector<TargetSpec> host_specs = *specs;
  if (!vm_kernel.empty()) {
    if (tf.fs.empty()) return Fail("stress", Status::Usage("--vm needs --fs (the VM's disks)"));
    VmStressRequest vmreq;
    vmreq.kernel = vm_kernel;
    vmreq.out_dir = out;
    vmreq.image = vm_image;
    vmreq.stress_args = StressArgs(sf);
    for (const TargetSpec& s : *specs) vmreq.fs.push_back(stress::SpecName(s));
    extras = VmStressRuns(vmreq);
    host_specs.clear();
  }
  auto summary = stress::RunSeries(sf.config, host_specs, extras, hooks, save);
  if (!summary.ok()) return Fail("stress", summary.status());
  if (Status st = stress::WriteSummaryJson(json, *summary); !st.ok()) return Fail("stress", st);
  PrintSummaryTable(*summary, stdout);
  std::printf("\nfigures: %s\n", json.c_str());
  if (stress::InterruptGuard::Requested()) std::printf("(stopped by signal %d)\n", stress::InterruptGuard::Signal());
  std::fflush(stdout);
  return SeriesExitCode(*summary);
}

}  // namespace fsfuzz::cli
