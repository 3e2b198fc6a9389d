// compare: the same stress run (seed, mix, bound) on every filesystem this machine has,
// one after another, then one report directory: summary.json, report.md, report.html.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/stress_flags.h"
#include "cli/target_flags.h"
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
  std::string out;
  desc.add_options()("out", po::value(&out)->default_value("compare-out"),
                     "report directory: summary.json, report.md, report.html, findings/");
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
  if (vm.count("ops") && !vm["ops"].defaulted() && vm["duration"].defaulted()) sf.duration.clear();
  if (Status s = sf.Finish(out); !s.ok()) return Fail("compare", s);
  auto specs = tf.Specs();
  if (!specs.ok()) return Fail("compare", specs.status());
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
  // Extra filesystems run elsewhere (a VM with a kernel that has bcachefs) plug in here
  // as stress::ExtraRun entries; none are configured yet.
  const std::vector<stress::ExtraRun> extras;
  auto summary = stress::RunSeries(sf.config, *specs, extras, hooks, save);
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
