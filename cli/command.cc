// Shared helpers of the subcommands: argument parsing, errors, loading programs.
#include "cli/command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz::cli {

bool ParseArgs(const std::vector<std::string>& args, const std::string& usage, po::options_description& desc,
               const po::positional_options_description* pos, po::variables_map& vm, int* exit_code) {
  desc.add_options()("help,h", "show this help");
  try {
    po::command_line_parser parser(args);
    parser.options(desc);
    if (pos) parser.positional(*pos);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << desc << "\n";
      *exit_code = kExitOk;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "fsfuzz: " << e.what() << "\nusage: " << usage << "\n(see --help)\n";
    *exit_code = kExitUsage;
    return false;
  }
  return true;
}

int Fail(const char* cmd, const Status& s) {
  std::cerr << "fsfuzz " << cmd << ": " << s.message() << "\n";
  return ExitCodeFor(s);
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Usage(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<Program> LoadProgram(const std::string& path, bool bytes) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  if (bytes) {
    const std::string& b = *text;
    return Decode(reinterpret_cast<const uint8_t*>(b.data()), b.size());
  }
  return ParseProgram(*text, path);
}

}  // namespace fsfuzz::cli
