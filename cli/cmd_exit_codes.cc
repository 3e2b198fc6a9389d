// exit-codes: prints the exit-code table every fsfuzz command follows.
#include <iomanip>
#include <iostream>

#include "cli/command.h"

namespace fsfuzz::cli {

int CmdExitCodes(const std::vector<std::string>&) {
#define FSFUZZ_X(name, value, label, meaning) \
  std::cout << std::setw(3) << value << "  " << std::left << std::setw(13) << label << std::right << meaning << "\n";
  FSFUZZ_EXIT_CODES(FSFUZZ_X)
#undef FSFUZZ_X
  return kExitOk;
}

}  // namespace fsfuzz::cli
