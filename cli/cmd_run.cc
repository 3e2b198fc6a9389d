// run: run programs (files, fuzzer byte files or random ones) on one or more targets,
// check them, write findings, and print a verdict table (side by side for several
// filesystems, with the semantics they differ on).
#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>

#include "cli/command.h"
#include "cli/target_flags.h"
#include "cli/verdict_print.h"
#include "src/fsfuzz/prog/generator.h"
#include "src/fsfuzz/run/session.h"

namespace fsfuzz::cli {
namespace {

struct NamedProgram {
  std::string name;
  Program program;
};

std::string Cell(const Verdict& v) {
  switch (v.status) {
    case Verdict::Status::kOk: return "ok";
    case Verdict::Status::kInconclusive: return "inconclusive";
    case Verdict::Status::kFinding: return ClassName(v.findings[0].cls);
  }
  return "?";
}

void PrintTable(const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                const std::map<std::pair<std::string, std::string>, std::string>& cells, std::ostream& os,
                const std::string& corner) {
  size_t w0 = corner.size();
  for (const auto& r : rows) w0 = std::max(w0, r.size());
  std::vector<size_t> w;
  for (const auto& c : cols) {
    size_t m = c.size();
    for (const auto& r : rows) {
      auto it = cells.find({r, c});
      if (it != cells.end()) m = std::max(m, it->second.size());
    }
    w.push_back(m);
  }
  os << std::left << std::setw(static_cast<int>(w0)) << corner;
  for (size_t i = 0; i < cols.size(); ++i) os << "  " << std::setw(static_cast<int>(w[i])) << cols[i];
  os << "\n";
  for (const auto& r : rows) {
    os << std::setw(static_cast<int>(w0)) << r;
    for (size_t i = 0; i < cols.size(); ++i) {
      auto it = cells.find({r, cols[i]});
      os << "  " << std::setw(static_cast<int>(w[i])) << (it == cells.end() ? "-" : it->second);
    }
    os << "\n";
  }
  os << std::right;
}

}  // namespace

int CmdRun(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz run");
  std::vector<std::string> files;
  bool bytes = false, save_traces = false, verbose = false;
  uint64_t random = 0, seed = 1, deadline_ms = 10000;
  std::string mix = "default", out = "fsfuzz-out";
  TargetFlags tf;
  desc.add_options()("program", po::value(&files)->multitoken(), "program files (.fsp; fuzzer inputs with --bytes)")(
      "bytes", po::bool_switch(&bytes), "the files are binary programs (fuzzer inputs, crash files)")(
      "random", po::value(&random), "also run this many generated programs")(
      "seed", po::value(&seed)->default_value(1), "seed of the generated programs")(
      "mix", po::value(&mix)->default_value("default"), "generator preset (default, seed, fsx) or op=weight,...")(
      "deadline", po::value(&deadline_ms)->default_value(10000), "per-op deadline in ms (the watchdog)")(
      "out", po::value(&out)->default_value("fsfuzz-out"), "directory for findings (and traces)")(
      "save-traces", po::bool_switch(&save_traces), "write every program's trace (fsfuzz check re-checks them)")(
      "verbose,v", po::bool_switch(&verbose), "print each finding's detail");
  tf.Add(desc);
  po::positional_options_description pos;
  pos.add("program", -1);
  po::variables_map vm;
  int rc;
  const std::string usage = "fsfuzz run [PROGRAM...] (--dir DIR | --fs LIST | --backend sim [--bug NAME]) [options]";
  if (!ParseArgs(args, usage, desc, &pos, vm, &rc)) return rc;
  if (files.empty() && random == 0) return Fail("run", Status::Usage("no programs: give files or --random N"));
  auto specs = tf.Specs();
  if (!specs.ok()) return Fail("run", specs.status());

  std::vector<NamedProgram> programs;
  for (const std::string& f : files) {
    auto p = LoadProgram(f, bytes);
    if (!p.ok()) return Fail("run", p.status());
    programs.push_back({f, std::move(*p)});
  }
  if (random) {
    GenOptions go;
    if (!GenPreset(mix, &go)) {
      GenPreset("default", &go);
      Status s = ParseMix(mix, &go);
      if (!s.ok()) return Fail("run", s);
    }
    Rng rng(seed);
    for (uint64_t i = 0; i < random; ++i) programs.push_back({"random-" + std::to_string(i), Generate(rng, go)});
  }
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) return Fail("run", Status::Environment(out + ": " + ec.message()));

  std::vector<std::string> rows, cols;
  for (const auto& np : programs) rows.push_back(np.name);
  std::map<std::pair<std::string, std::string>, std::string> cells, sem;
  std::vector<std::string> skipped;
  int worst = kExitOk;
  size_t ran_targets = 0;
  std::map<std::string, uint64_t> totals;
  for (const TargetSpec& spec : *specs) {
    auto target = Target::Open(spec);
    const std::string want = spec.kind == TargetSpec::Kind::kTestbed ? spec.variant : "";
    if (!target.ok()) {
      if (target.status().kind() != ErrorKind::kEnvironment) return Fail("run", target.status());
      skipped.push_back((want.empty() ? "target" : want) + ": " + target.status().message());
      std::cout << "skip " << skipped.back() << "\n";
      continue;
    }
    ++ran_targets;
    Target& t = **target;
    cols.push_back(t.label());
    SessionOptions so;
    so.out_dir = out;
    so.deadline = std::chrono::milliseconds(deadline_ms);
    so.save_traces = save_traces;
    so.on_finding = [](const std::string& path, const Finding& f) {
      std::cout << "finding saved: " << path << "  (" << f.title << ")\n" << std::flush;
    };
    Session session(t, so);
    std::map<std::string, uint64_t> signals;
    for (const auto& np : programs) {
      ProgramOutcome o = session.Run(np.program, np.name);
      if (specs->size() == 1 || verbose) PrintVerdictLine(std::cout, np.name, t.env(), o.verdict);
      if (verbose) PrintFindings(std::cout, o.verdict);
      cells[{np.name, t.label()}] = Cell(o.verdict);
      worst = std::max(worst, VerdictExitCode(o.verdict));
      totals[Cell(o.verdict)]++;
      for (const auto& [k, n] : o.verdict.signals) signals[k] += n;
    }
    const Env& e = t.env();
    sem[{"kernel", t.label()}] = e.kernel;
    sem[{"overlapping DIO from own mapping", t.label()}] = e.overlap_dwrite;
    sem[{"misaligned DIO", t.label()}] = e.misaligned_dio;
    sem[{"DIO alignment", t.label()}] = std::to_string(e.DirectAlign());
    for (const auto& [k, n] : signals) sem[{k, t.label()}] = std::to_string(n);
    for (const std::string& s : e.skipped) std::cout << "  [" << t.label() << "] skipped feature: " << s << "\n";
  }
  if (specs->size() > 1 && ran_targets) {
    std::cout << "\nverdicts\n";
    PrintTable(rows, cols, cells, std::cout, "program");
    std::vector<std::string> srows;
    for (const auto& [key, v] : sem) {
      if (std::find(srows.begin(), srows.end(), key.first) == srows.end()) srows.push_back(key.first);
    }
    std::cout << "\nsemantics and signals\n";
    PrintTable(srows, cols, sem, std::cout, "");
  }
  std::cout << "\n" << programs.size() << " program(s) x " << ran_targets << " target(s):";
  for (const auto& [k, n] : totals) std::cout << " " << k << "=" << n;
  std::cout << "; findings in " << out << "\n";
  for (const std::string& s : skipped) std::cout << "skipped " << s << "\n";
  if (!ran_targets) return kExitEnvironment;
  return worst;
}

}  // namespace fsfuzz::cli
