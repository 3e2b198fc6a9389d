// cleanup: remove what killed runs left behind (mounts, loop devices, images, work dirs),
// recognised by our work-dir marker and a dead owner; nothing else is touched.
#include <unistd.h>

#include <iostream>

#include "cli/command.h"
#include "src/fsfuzz/testbed/cleanup.h"

namespace fsfuzz::cli {

int CmdCleanup(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz cleanup");
  std::string root = "/tmp";
  desc.add_options()("work-root", po::value(&root)->default_value("/tmp"),
                     "where runs made their work dirs (fsfuzz-XXXXXX)");
  po::variables_map vm;
  int rc;
  if (!ParseArgs(args, "fsfuzz cleanup [--work-root DIR]", desc, nullptr, vm, &rc)) return rc;
  if (geteuid() != 0) {
    std::cerr << "fsfuzz cleanup: unmounting and detaching loop devices needs root\n";
    return kExitEnvironment;
  }
  CleanupReport r = CleanupStale(root);
  std::cout << r.ToString();
  return r.ok() ? kExitOk : kExitEnvironment;
}

}  // namespace fsfuzz::cli
