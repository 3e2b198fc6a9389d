// What `fsfuzz stress` and `fsfuzz compare` share: the flags of a stress run (threads,
// bound, seed, mix, file size, ...), the console (progress line, finding announcements,
// Ctrl-C), and the closing table.
#pragma once

#include <cstdio>
#include <string>

#include "cli/command.h"
#include "reports/summary.h"
#include "stress/progress.h"
#include "stress/stress_config.h"
#include "stress/stress_run.h"

namespace fsfuzz::cli {

struct StressFlags {
  stress::StressConfig config;
  std::string duration;   // as typed: "60s"
  std::string file_size = "1M";
  double progress_interval_s = 10;
  bool no_check = false;
  std::string lanes = "processes";  // --lanes

  // default_duration: "" (stress: the user gives --duration or --ops) or "60s" (compare).
  void Add(po::options_description& desc, const std::string& default_duration, uint32_t default_threads);
  // Fills config from the parsed strings (kUsage on a bad duration or size).
  Status Finish(const std::string& out_dir);
};

// Console hooks: progress on stdout (redrawn when it is a terminal), findings announced
// on stdout as they are saved, stop on the first SIGINT/SIGTERM (see stress/interrupt.h).
class Console {
 public:
  explicit Console(double plain_interval_s);
  stress::StressHooks Hooks();
  void Note(const std::string& line) { progress_.Announce(line); }

 private:
  stress::Progress progress_;
  double t0_;
};

// "name  status  ops  ops/s  programs  findings" per filesystem, and skip reasons.
void PrintSummaryTable(const reports::Summary& s, FILE* out);

// Exit code of a series: findings other than known ones 1, else a failed filesystem 4,
// else none ran 3, else 0.
int SeriesExitCode(const reports::Summary& s);

}  // namespace fsfuzz::cli
