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
      {"exit-codes", "print the exit-code table", CmdExitCodes},
  };
  return kCommands;
}

}  // namespace fsfuzz::cli
