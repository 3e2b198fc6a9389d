// cprog: a standalone C reproducer (C11, libc and pthreads) of a finding or a program.
#include <iostream>

#include "cli/command.h"
#include "src/fsfuzz/repro/cprog.h"
#include "src/fsfuzz/repro/input.h"
#include "src/fsfuzz/trace/atomic_file.h"

namespace fsfuzz::cli {

int CmdCprog(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz cprog");
  std::string in_path, out;
  bool bytes = false;
  int64_t deadline_ms = 10000;
  desc.add_options()("input", po::value(&in_path)->required(), "a finding (JSON), a program (.fsp) or a fuzzer input")(
      "output,o", po::value(&out), "write the C file here (default: stdout)")(
      "bytes", po::bool_switch(&bytes), "the input is a binary program (fuzzer input, crash file)")(
      "deadline", po::value(&deadline_ms)->default_value(10000),
      "the reproducer's per-op deadline in ms (its watchdog; argv[3] overrides it)");
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  int rc;
  const std::string usage =
      "fsfuzz cprog FINDING.json|PROG.fsp|BYTES [-o repro.c]\n"
      "  then: cc -std=c11 -pthread -Wall -Werror -O2 -o repro repro.c && ./repro DIR [REPEAT [DEADLINE_MS]]\n"
      "  (the reproducer exits 1 when the finding recurs, 0 when not, 2 on setup errors, 3 on another hang)";
  if (!ParseArgs(args, usage, desc, &pos, vm, &rc)) return rc;
  auto in = LoadReproInput(in_path, bytes);
  if (!in.ok()) return Fail("cprog", in.status());
  CprogOptions o;
  o.deadline_ms = deadline_ms;
  o.source = in_path;
  auto c = EmitCProgram(in->program, in->record ? &*in->record : nullptr, o);
  if (!c.ok()) return Fail("cprog", c.status());
  if (out.empty()) {
    std::cout << *c;
    return kExitOk;
  }
  if (Status s = WriteFileAtomic(out, *c, WriteMode::kReplace); !s.ok()) return Fail("cprog", s);
  std::cerr << "wrote " << out << " (" << in->program.NumOps() << " ops); build: cc -std=c11 -pthread -Wall -Werror -O2 -o repro "
            << out << "\n";
  return kExitOk;
}

}  // namespace fsfuzz::cli
