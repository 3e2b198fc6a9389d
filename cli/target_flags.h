// The flags every program-running subcommand shares: where to run (--dir, --fs, --backend
// sim --bug ...) and how (--deadline, --out).
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"
#include "src/fsfuzz/run/target.h"

namespace fsfuzz::cli {

struct TargetFlags {
  std::string dir;
  std::string fs;
  std::string backend = "posix";
  std::vector<std::string> bugs;
  std::string sim_overlap = "snapshot";
  std::string sim_misaligned = "einval";
  std::string work_root = "/tmp";
  uint64_t image_mib = 512;
  bool loop_4k = false;
  bool loop_dio = true;
  bool no_kernel_watch = false;
  std::string view_reads = "mapped";

  void Add(po::options_description& desc);
  // One spec per target to run on, in order. Usage error for contradictory flags.
  Result<std::vector<TargetSpec>> Specs() const;
};

// The sim bug list for --help texts.
std::string SimBugHelp();

}  // namespace fsfuzz::cli
