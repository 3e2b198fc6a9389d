// The subcommand table.
#include "cli/command.h"

namespace fsfuzz::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"run", "run programs on filesystems (or the simulator) and check them", CmdRun},
      {"check", "re-check saved traces offline", CmdCheck},
      {"print", "print a program (text or bytes) as .fsp text", CmdPrint},
      {"encode", "encode a .fsp program as bytes (a fuzzer input)", CmdEncode},
      {"decode", "decode bytes (a fuzzer input) to .fsp text", CmdDecode},
      {"cleanup", "remove mounts, loop devices and work dirs a killed run left", CmdCleanup},
      {"stress", "long random runs with progress, figures and findings saved as found", CmdStress},
      {"compare", "the same stress run on every filesystem here, then one report", CmdCompare},
      {"report", "summary.json/stress.json to report.md and report.html", CmdReport},
      {"repro", "replay a finding (or program) N times and print its reproduction rate", CmdRepro},
      {"minimize", "shrink a finding's program while it still reproduces", CmdMinimize},
      {"cprog", "emit a standalone C reproducer of a finding (or program)", CmdCprog},
      {"show", "print a finding as a kernel developer reads it", CmdShow},
      {"vm", "boot a kernel under qemu (bcachefs, other kernels) and run an fsfuzz command in it", CmdVm},
      {"exit-codes", "print the exit-code table", CmdExitCodes},
  };
  return kCommands;
}

}  // namespace fsfuzz::cli
