// The C reproducer's assembly (see cprog.h): header comment, the program's and the
// machine's constants, the runtime head, the tables, the check, the runtime body.
#include "src/fsfuzz/repro/cprog.h"

#include <optional>
#include <sstream>

#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/repro/check_spec.h"
#include "src/fsfuzz/repro/cprog_emit.h"
#include "src/fsfuzz/repro/cprog_runtime.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz {
namespace {

constexpr size_t kMaxDetailLines = 40;

// Lines of text as " * "-prefixed comment lines (at most max_lines).
std::string CommentLines(const std::string& text, const std::string& indent, size_t max_lines = SIZE_MAX) {
  std::istringstream in(cemit::CommentSafe(text));
  std::string line, out;
  size_t n = 0;
  while (std::getline(in, line)) {
    if (n++ == max_lines) {
      out += " *" + indent + "...\n";
      break;
    }
    out += (" *" + indent + line);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  return out;
}

// Words wrapped at ~88 columns under a label.
std::string Wrapped(const std::string& label, const std::string& text) {
  std::istringstream in(cemit::CommentSafe(text));
  std::string word, line = " * " + label, out;
  const std::string pad(3 + label.size(), ' ');
  bool first = true;
  while (in >> word) {
    if (!first && line.size() + 1 + word.size() > 88) {
      out += line + "\n";
      line = " *" + pad.substr(2);
      first = true;
    }
    line += (first ? "" : " ") + word;
    first = false;
  }
  return out + line + "\n";
}

std::string HeaderComment(const Program& p, const FindingRecord* rec, const CheckSpec& check,
                          const CprogOptions& o) {
  std::string h = "/*\n * fsfuzz C reproducer (C11, libc and pthreads only)\n *\n";
  if (rec) {
    const Finding& f = rec->finding;
    const Env& e = rec->env;
    h += Wrapped("Finding:    ", f.title);
    h += Wrapped("Class:      ", std::string(ClassName(f.cls)) + " (signature " + f.Signature() + ")");
    h += Wrapped("Filesystem: ", e.fs + (e.variant.empty() || e.variant == e.fs ? "" : " (variant " + e.variant + ")") +
                                     (e.block_size ? ", block size " + std::to_string(e.block_size) : ""));
    h += Wrapped("Kernel:     ", e.kernel.empty() ? "unknown" : e.kernel);
    h += Wrapped("Mount:      ", e.mount_options.empty() ? "unknown" : e.mount_options);
    h += Wrapped("Found:      ", (rec->created.empty() ? "" : rec->created + " ") + "by fsfuzz " +
                                     (rec->tool_version.empty() ? "?" : rec->tool_version) + " on the " + e.backend +
                                     " backend" + (f.step >= 0 ? ", at step " + std::to_string(f.step) : ""));
  } else {
    h += Wrapped("Program:    ", o.source.empty() ? "(no finding)" : o.source);
  }
  h += Wrapped("Checks:     ", DescribeCheck(check, p));
  if (rec && !rec->finding.detail.empty()) {
    h += " *\n * What fsfuzz saw:\n" + CommentLines(rec->finding.detail, "   ", kMaxDetailLines);
  }
  h += " *\n"
       " * Build and run (DIR on the filesystem under test; this program creates the files\n"
       " * fsfuzz.data and fsfuzz.aux there, or FILE and FILE.aux, and removes them at exit):\n"
       " *   cc -std=c11 -pthread -Wall -Werror -O2 -o repro repro.c\n"
       " *   ./repro DIR [REPEAT [DEADLINE_MS]]\n"
       " * It runs the program REPEAT times (default 1) and prints what each run saw.\n"
       " * Exit status: 1 reproduced in at least one run, 0 not reproduced, 2 setup error,\n"
       " * 3 an op hung although the finding is not a hang (the threads' stacks are printed).\n"
       " *\n"
       " * The program (fsfuzz's text form; op k's data at file offset o is pattern(seed, k, o)):\n";
  PrintOptions po;
  po.annotate = true;
  h += CommentLines(PrintProgram(p, po), "   ");
  return h + " */\n";
}

}  // namespace

Result<std::string> EmitCProgram(const Program& p, const FindingRecord* record, const CprogOptions& options) {
  if (std::vector<ProgramError> errs = Validate(p); !errs.empty()) {
    return Status::Usage("invalid program: step " + std::to_string(errs[0].step) + ": " + errs[0].message);
  }
  CheckSpec check;
  check.note = "a program without a finding: it runs as fsfuzz runs it";
  if (record) {
    Result<CheckSpec> c = CheckSpecOf(record->finding, p);
    if (!c.ok()) return c.status();
    check = std::move(*c);
  }
  // O_DIRECT views use the alignment the finding's machine reported; 4096 (aligned for
  // every filesystem) when it came from the simulator or is unknown.
  uint64_t dio_align = 4096;
  if (record && record->env.backend == "posix") dio_align = record->env.DirectAlign();
  const std::string title = record ? record->finding.title : "program " + options.source;
  // The finding's run, when recorded: the reproducer tells runs that went otherwise apart.
  std::optional<Trace> trace;
  if (record && record->trace.is_object()) {
    if (Result<Trace> t = TraceFromJson(record->trace); t.ok()) trace = std::move(*t);
  }

  std::string c = HeaderComment(p, record, check, options);
  c += "#define _GNU_SOURCE\n\n/* The program's file and the machine it ran on. */\n";
  c += "#define PROG_SEED " + cemit::U64(p.header.seed) + "\n";
  c += "#define PROG_SIZE " + cemit::U64(p.header.size) + "\n";
  c += "#define PROG_AUX_SIZE " + cemit::U64(p.header.aux_size) + "\n";
  c += "#define PROG_SPARSE " + std::string(p.header.sparse ? "1" : "0") + "\n";
  c += "#define DEADLINE_MS " + std::to_string(options.deadline_ms) + "LL\n";
  c += "\n";
  c += CRuntimeHead();
  c += "\n/* ---- The program ---- */\n\n";
  c += cemit::ProgramTables(p, trace ? &*trace : nullptr);
  c += "/* O_DIRECT alignment of the views (the finding's machine; 4096 when unknown). */\n";
  c += "static const uint64_t dio_align = " + cemit::U64(dio_align) + ";\n";
  c += "\n/* ---- The check ---- */\n\n";
  c += cemit::CheckTables(check, p, title);
  c += CRuntimeBody();
  return c;
}

}  // namespace fsfuzz
