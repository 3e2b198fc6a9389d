// fsfuzz: one tool, many subcommands (fsfuzz --help lists them).
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"

int main(int argc, char** argv) {
  using fsfuzz::cli::Commands;
  auto usage = [] {
    std::cout << "usage: fsfuzz COMMAND [options]   (fsfuzz COMMAND --help for each)\n\ncommands:\n";
    for (const auto& c : Commands()) std::cout << "  " << c.name << std::string(12 - std::strlen(c.name), ' ') << c.summary << "\n";
    std::cout << "\nexit codes: fsfuzz exit-codes\n";
  };
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    usage();
    return argc < 2 ? fsfuzz::kExitUsage : fsfuzz::kExitOk;
  }
  if (!std::strcmp(argv[1], "--version")) {
    std::cout << "fsfuzz 0.1.0\n";
    return 0;
  }
  for (const auto& c : Commands()) {
    if (argv[1] == std::string(c.name)) return c.fn(std::vector<std::string>(argv + 2, argv + argc));
  }
  std::cerr << "fsfuzz: unknown command '" << argv[1] << "'\n";
  usage();
  return fsfuzz::kExitUsage;
}
