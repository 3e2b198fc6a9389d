// The subcommand table of the fsfuzz tool and helpers every subcommand shares.
#pragma once

#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "src/fsfuzz/base/exit_codes.h"
#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz::cli {

namespace po = boost::program_options;

using CommandFn = int (*)(const std::vector<std::string>& args);

struct Command {
  const char* name;
  const char* summary;
  CommandFn fn;
};

// Every subcommand, in the order `fsfuzz --help` lists them.
const std::vector<Command>& Commands();

// Parses args with desc (+ positional); prints help and returns false with *exit_code set
// on --help (0) or on a bad flag (kExitUsage, with the parser's message).
bool ParseArgs(const std::vector<std::string>& args, const std::string& usage, po::options_description& desc,
               const po::positional_options_description* pos, po::variables_map& vm, int* exit_code);

// Prints a Status to stderr as "fsfuzz <cmd>: <message>" and returns its exit code.
int Fail(const char* cmd, const Status& s);

// A program from a file: .fsp text, or with bytes=true the binary encoding (fuzzer input).
Result<Program> LoadProgram(const std::string& path, bool bytes);
Result<std::string> ReadFile(const std::string& path);

// Subcommands.
int CmdRun(const std::vector<std::string>& args);
int CmdCheck(const std::vector<std::string>& args);
int CmdPrint(const std::vector<std::string>& args);
int CmdEncode(const std::vector<std::string>& args);
int CmdDecode(const std::vector<std::string>& args);
int CmdExitCodes(const std::vector<std::string>& args);
int CmdStress(const std::vector<std::string>& args);
int CmdCompare(const std::vector<std::string>& args);
int CmdReport(const std::vector<std::string>& args);
int CmdCleanup(const std::vector<std::string>& args);
int CmdRepro(const std::vector<std::string>& args);
int CmdMinimize(const std::vector<std::string>& args);
int CmdCprog(const std::vector<std::string>& args);
int CmdShow(const std::vector<std::string>& args);
int CmdVm(const std::vector<std::string>& args);

}  // namespace fsfuzz::cli
