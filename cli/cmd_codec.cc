// print / encode / decode: convert programs between the .fsp text and the binary form.
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "src/fsfuzz/prog/binary_codec.h"
#include "src/fsfuzz/prog/text_codec.h"

namespace fsfuzz::cli {
namespace {

int WriteOut(const std::string& out, const std::string& bytes) {
  if (out.empty() || out == "-") {
    std::cout << bytes;
    return std::cout ? kExitOk : kExitEnvironment;
  }
  std::ofstream f(out, std::ios::binary);
  f << bytes;
  if (!f) return Fail("write", Status::Environment(out + ": cannot write"));
  return kExitOk;
}

}  // namespace

int CmdPrint(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz print");
  std::string in;
  bool bytes = false, annotate = false;
  desc.add_options()("program", po::value(&in)->required(), "program file (.fsp, or bytes with --bytes)")(
      "bytes", po::bool_switch(&bytes), "the input is the binary encoding (a fuzzer input)")(
      "annotate", po::bool_switch(&annotate), "add each op's id as a comment");
  po::positional_options_description pos;
  pos.add("program", 1);
  po::variables_map vm;
  int rc;
  if (!ParseArgs(args, "fsfuzz print PROGRAM [--bytes] [--annotate]", desc, &pos, vm, &rc)) return rc;
  auto p = LoadProgram(in, bytes);
  if (!p.ok()) return Fail("print", p.status());
  PrintOptions o;
  o.annotate = annotate;
  std::cout << PrintProgram(*p, o);
  return kExitOk;
}

int CmdEncode(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz encode");
  std::string in, out;
  desc.add_options()("program", po::value(&in)->required(), "program text (.fsp)")(
      "out,o", po::value(&out), "output file (default stdout)");
  po::positional_options_description pos;
  pos.add("program", 1);
  po::variables_map vm;
  int rc;
  if (!ParseArgs(args, "fsfuzz encode PROGRAM.fsp [-o FILE]", desc, &pos, vm, &rc)) return rc;
  auto p = LoadProgram(in, false);
  if (!p.ok()) return Fail("encode", p.status());
  if (!WithinDecodeLimits(*p)) {
    return Fail("encode", Status::Usage(in + ": the program exceeds the binary form's limits "
                                        "(file 1M, offsets 2M, op length 256K, 64 steps)"));
  }
  auto b = Encode(*p);
  return WriteOut(out, std::string(b.begin(), b.end()));
}

int CmdDecode(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz decode");
  std::string in, out;
  desc.add_options()("input", po::value(&in)->required(), "bytes (a fuzzer input or crash file)")(
      "out,o", po::value(&out), "output file (default stdout)");
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  int rc;
  if (!ParseArgs(args, "fsfuzz decode BYTES [-o FILE]", desc, &pos, vm, &rc)) return rc;
  auto p = LoadProgram(in, true);
  if (!p.ok()) return Fail("decode", p.status());
  return WriteOut(out, PrintProgram(*p, PrintOptions{}));
}

}  // namespace fsfuzz::cli
