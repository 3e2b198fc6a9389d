// The finding report text (see show.h).
#include "src/fsfuzz/repro/show.h"

#include <set>
#include <sstream>

#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/repro/check_spec.h"

namespace fsfuzz {
namespace {

std::string Indent(const std::string& text, const std::string& pad) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) out += pad + line + "\n";
  return out;
}

std::string Section(const std::string& name) { return "\n" + name + "\n"; }

// Op k's text in the program (for "which op" lines), or "".
std::string OpLine(const Program& p, uint32_t k) {
  uint32_t id = 0;
  for (size_t s = 0; s < p.steps.size(); ++s) {
    for (const Op& op : p.steps[s].ops) {
      if (++id == k) {
        return PrintOp(op) + (p.steps[s].round ? "   (in the round at step " : "   (step ") + std::to_string(s) + ")";
      }
    }
  }
  return "";
}

// The detail without a copy of the stacks (hang findings repeat them; they get a section).
std::string DetailText(const Finding& f) {
  std::string d = f.detail;
  if (f.evidence.contains("stacks") && f.evidence["stacks"].is_string()) {
    const std::string st = f.evidence["stacks"].get<std::string>();
    const size_t at = st.empty() ? std::string::npos : d.find(st);
    if (at != std::string::npos) d.erase(at, st.size());
  }
  return d;
}

std::string Dir(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string EnvText(const Env& e) {
  std::string s;
  s += "  filesystem  " + e.fs + (e.variant.empty() || e.variant == e.fs ? "" : " (" + e.variant + ")") +
       (e.block_size ? ", block size " + std::to_string(e.block_size) : "") + ", page " +
       std::to_string(e.page_size) + "\n";
  s += "  kernel      " + (e.kernel.empty() ? std::string("unknown") : e.kernel) + "\n";
  if (!e.mount_options.empty()) s += "  mount       " + e.mount_options + "\n";
  s += "  O_DIRECT    " +
       (e.dio_supported ? "supported, alignment " + std::to_string(e.DirectAlign()) + "; misaligned requests: " +
                              e.misaligned_dio + "; DIO write from an overlapping own mapping: " + e.overlap_dwrite
                        : std::string("not supported")) +
       "\n";
  s += "  backend     " + e.backend + (e.root ? ", root" : ", not root") + "\n";
  for (const std::string& k : e.skipped) s += "  skipped     " + k + "\n";
  return s;
}

std::string Reproduce(const ShowInput& in, const std::string& flags) {
  const std::string& path = in.path.empty() ? std::string("FINDING.json") : in.path;
  const bool real = in.record.env.backend != "sim";
  std::string s;
  s += "  fsfuzz repro " + path + " " + flags + " --runs 20\n";
  if (!in.record.finding.evidence.contains("minimized")) s += "  fsfuzz minimize " + path + " " + flags + "\n";
  s += "  fsfuzz cprog " + path + " -o repro.c && cc -std=c11 -pthread -Wall -Werror -O2 -o repro repro.c && ./repro DIR 100\n";
  if (!real) s += "  (the C program runs on a real filesystem, where the simulator's bug is not expected)\n";
  // bcachefs findings come from a VM when the host kernel lacks it: the C program runs there.
  if (real && in.record.env.fs == "bcachefs") {
    const std::string& k = in.record.env.kernel;
    const std::string kernel = k.rfind("6.12.", 0) == 0 ? "debian-6.12" : k.rfind("6.1.", 0) == 0 ? "debian-6.1" : "KERNEL";
    s += "  fsfuzz vm " + kernel + " --fs bcachefs --exec ./repro -- {DIR} 100   (bcachefs in a VM)\n";
  }
  return s;
}

}  // namespace

std::string TargetFlagsFor(const Env& e) {
  if (e.backend == "sim") {
    std::string s = "--backend sim";
    std::istringstream bugs(e.variant);
    for (std::string b; std::getline(bugs, b, ',');) {
      if (!b.empty()) s += " --bug " + b;
    }
    if (e.overlap_dwrite == "forward") s += " --sim-overlap forward";
    if (e.misaligned_dio == "buffered") s += " --sim-misaligned buffered";
    return s;
  }
  if (e.variant == "dir" || (e.variant.empty() && !e.root)) return "--dir DIR";
  return "--fs " + (e.variant.empty() ? e.fs : e.variant);
}

std::string MinimizedProgramPath(const std::string& finding_path, const std::string& signature) {
  return Dir(finding_path) + "/minimized-from-" + signature + ".fsp";
}

std::string ShowFinding(const ShowInput& in) {
  const FindingRecord& r = in.record;
  const Finding& f = r.finding;
  std::string s = f.title + "\n";
  s += std::string(ClassName(f.cls)) + ", signature " + f.Signature() +
       (r.created.empty() ? "" : ", found " + r.created) +
       (r.tool_version.empty() ? "" : " by fsfuzz " + r.tool_version) + "\n";
  if (f.evidence.contains("known") && f.evidence["known"].is_string()) {
    s += "known: " + f.evidence["known"].get<std::string>();
    if (f.evidence.contains("known_summary") && f.evidence["known_summary"].is_string()) {
      s += " - " + f.evidence["known_summary"].get<std::string>();
    }
    s += " (docs/known-findings/" + f.evidence["known"].get<std::string>() + ".c)\n";
  }

  s += Section("Environment") + EnvText(r.env);

  Result<Program> prog = ParseProgram(r.program_text, "program");
  PrintOptions po;
  po.annotate = true;
  if (f.evidence.contains("minimized") && f.evidence["minimized"].is_object()) {
    const auto& m = f.evidence["minimized"];
    s += Section("Program (minimized from " + std::to_string(m.value("original_ops", 0)) + " ops to " +
                 std::to_string(prog.ok() ? prog->NumOps() : 0) + "; it reproduces at " +
                 std::to_string(m.value("hits", 0)) + "/" + std::to_string(m.value("runs", 0)) + " runs on " +
                 m.value("target", std::string("?")) + "; original finding " + m.value("from_signature", std::string("?")) +
                 ")");
  } else {
    s += Section("Program");
  }
  s += Indent(prog.ok() ? PrintProgram(*prog, po) : r.program_text, "  ");
  if (in.minimized_program) {
    s += Section("Minimized program (" + in.minimized_path + ")") + Indent(*in.minimized_program, "  ");
  }

  s += Section("What was expected, and what was found");
  if (f.op_id && prog.ok()) {
    s += "  at op #" + std::to_string(f.op_id) + ": " + OpLine(*prog, f.op_id) + "\n";
  } else if (f.step >= 0) {
    s += "  at step " + std::to_string(f.step) + "\n";
  }
  s += Indent(DetailText(f), "  ");
  if (prog.ok()) {
    if (f.evidence.contains("ops") && f.evidence["ops"].is_array()) {
      std::set<uint32_t> shown;
      std::string ops;
      for (const auto& k : f.evidence["ops"]) {
        if (!k.is_number_unsigned() || !shown.insert(k.get<uint32_t>()).second) continue;
        std::string line = OpLine(*prog, k.get<uint32_t>());
        if (!line.empty()) ops += "    #" + std::to_string(k.get<uint32_t>()) + "  " + line + "\n";
      }
      if (!ops.empty()) s += "  ops involved:\n" + ops;
    }
    Result<CheckSpec> c = CheckSpecOf(f, *prog);
    if (c.ok()) s += "  check: " + DescribeCheck(*c, *prog) + "\n";
  }

  if (f.evidence.contains("kernel_log") && f.evidence["kernel_log"].is_array() && !f.evidence["kernel_log"].empty()) {
    s += Section("Kernel log");
    for (const auto& l : f.evidence["kernel_log"]) {
      if (l.is_string()) s += "  " + l.get<std::string>() + "\n";
    }
  }
  if (f.evidence.contains("stacks") && f.evidence["stacks"].is_string()) {
    s += Section("Stacks (every thread of the stuck process: comm, state, wchan, kernel stack)");
    s += Indent(f.evidence["stacks"].get<std::string>(), "  ");
  }

  std::string flags = TargetFlagsFor(r.env);
  // A simulated hang waits out the whole deadline on every replay: a short one will do.
  if (f.cls == FindingClass::kHang && r.env.backend == "sim") flags += " --deadline 500";
  s += Section("Reproduce") + Reproduce(in, flags);
  return s;
}

}  // namespace fsfuzz
