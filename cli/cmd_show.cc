// show: a finding as a kernel developer reads it (title, environment, program, what was
// expected and found, kernel log and stacks, commands to reproduce).
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "src/fsfuzz/repro/show.h"

namespace fsfuzz::cli {

int CmdShow(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz show");
  std::string path;
  desc.add_options()("finding", po::value(&path)->required(), "a finding file (JSON)");
  po::positional_options_description pos;
  pos.add("finding", 1);
  po::variables_map vm;
  int rc;
  if (!ParseArgs(args, "fsfuzz show FINDING.json", desc, &pos, vm, &rc)) return rc;
  auto rec = ReadFindingFile(path);
  if (!rec.ok()) return Fail("show", rec.status());
  ShowInput in;
  in.record = std::move(*rec);
  in.path = path;
  // A minimized program beside the finding is what the developer wants to run.
  const std::string mini = MinimizedProgramPath(path, in.record.finding.Signature());
  if (!in.record.finding.evidence.contains("minimized") && std::filesystem::exists(mini)) {
    auto text = ReadFile(mini);
    if (text.ok()) {
      in.minimized_program = *text;
      in.minimized_path = mini;
    }
  }
  std::cout << ShowFinding(in);
  return kExitOk;
}

}  // namespace fsfuzz::cli
