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
#include "src/fsfuzz/testbed/fs_table.h"
#include "src/fsfuzz/prog/generator.h"
#include "src/fsfuzz/run/in_vm.h"
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
    case Verdict::Status::kFinding:
      // A new finding says more than a known one the program also hit.
      for (const Finding& f : v.findings) {
        if (!f.evidence.contains("known")) return ClassName(f.cls);
      }
      return "known:" + v.findings[0].evidence["known"].get<std::string>();
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

int RunInVmAndPrint(const InVmRequest& req, const std::vector<std::string>& files, bool verbose) {
  auto r = RunProgramsInVm(req);
  if (!r.ok()) return Fail("run", r.status());
  const InVmResult& res = *r;
  std::cout << "VM " << req.kernel << " (" << res.kernel << "): " << res.outcome
            << (res.detail.empty() ? "" : " - " + res.detail) << "; first command after " << res.boot_s << " s, "
            << res.wall_s << " s in all\n";
  std::vector<std::string> cols;
  std::map<std::pair<std::string, std::string>, std::string> cells;
  int worst = kExitOk;
  for (const InVmVerdict& v : res.verdicts) {
    const std::string col = v.fs + " (" + res.kernel + ")";
    if (std::find(cols.begin(), cols.end(), col) == cols.end()) cols.push_back(col);
    cells[{v.program, col}] = v.cell;
    if (v.cell != "ok" && v.cell.rfind("known:", 0) != 0) worst = std::max<int>(worst, v.cell == "inconclusive" ? kExitInconclusive : kExitFinding);
    if (verbose && !v.title.empty()) std::cout << v.program << " [" << v.fs << "] " << v.title << "\n";
  }
  std::vector<std::string> rows;
  for (const std::string& f : files) rows.push_back("/fsfuzz/programs/" + std::to_string(&f - &files[0]) + "-" +
                                                     std::filesystem::path(f).filename().string());
  for (const InVmVerdict& v : res.verdicts) {
    if (std::find(rows.begin(), rows.end(), v.program) == rows.end()) rows.push_back(v.program);
  }
  std::cout << "\nverdicts\n";
  PrintTable(rows, cols, cells, std::cout, "program");
  for (const std::string& s : res.skipped) std::cout << "skipped " << s << "\n";
  for (const Finding& f : res.console_findings) {
    std::cout << "kernel: " << ClassName(f.cls) << ": " << f.title << "\n";
    if (f.evidence.contains("known")) continue;
    worst = std::max<int>(worst, f.cls == FindingClass::kHang ? kExitHang : kExitFinding);
  }
  // Findings the guest wrote (a hang's is written before its process exits, so no frame
  // announced it) and the guest commands' own exit codes.
  for (const std::string& p : res.finding_files) {
    auto fr = ReadFindingFile(p);
    if (!fr.ok() || fr->finding.evidence.contains("known")) continue;
    worst = std::max<int>(worst, fr->finding.cls == FindingClass::kHang ? kExitHang : kExitFinding);
    if (fr->finding.cls == FindingClass::kHang) std::cout << "guest: hang: " << fr->finding.title << " -> " << p << "\n";
  }
  for (int st : res.exit_statuses) {
    if (st == kExitHang) worst = std::max<int>(worst, kExitHang);
  }
  std::cout << res.finding_files.size() << " finding file(s) in " << req.out_dir << "\n";
  if (res.outcome != "completed" && res.console_findings.empty() && res.verdicts.empty()) return kExitInconclusive;
  return worst;
}

}  // namespace

int CmdRun(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz run");
  std::vector<std::string> files;
  bool bytes = false, save_traces = false, verbose = false, frames = false;
  std::string vm_kernel, vm_image, vm_crash, label;
  int vm_timeout = 600;
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
      "verbose,v", po::bool_switch(&verbose), "print each finding's detail")(
      "vm", po::value(&vm_kernel),
      "run inside a VM with this kernel (debian-6.12, debian-6.1, host, /path/vmlinuz[:moddir]); "
      "one disk per --fs filesystem (bcachefs works this way where the host lacks it)")(
      "vm-timeout", po::value(&vm_timeout)->default_value(600), "seconds per filesystem inside the VM")(
      "image", po::value(&vm_image), "bcachefs image for --vm (default: bcachefs format, else the shared image)")(
      "vm-crash-test", po::value(&vm_crash), "test only: 'panic' crashes the guest after mounting")(
      "frames", po::bool_switch(&frames), "print a machine-readable verdict line per program (@@FSFUZZ json@@)")(
      "label", po::value(&label), "the filesystem label in frames (the VM runner sets it)");
  tf.Add(desc);
  po::positional_options_description pos;
  pos.add("program", -1);
  po::variables_map vm;
  int rc;
  const std::string usage = "fsfuzz run [PROGRAM...] (--dir DIR | --fs LIST | --backend sim [--bug NAME]) [options]";
  if (!ParseArgs(args, usage, desc, &pos, vm, &rc)) return rc;
  if (files.empty() && random == 0) return Fail("run", Status::Usage("no programs: give files or --random N"));
  if (!vm_kernel.empty()) {
    InVmRequest req;
    req.kernel = vm_kernel;
    auto vs = ParseVariantList(tf.fs.empty() ? "ext4" : tf.fs);
    if (!vs.ok()) return Fail("run", vs.status());
    for (const Variant* v : *vs) req.fs.push_back(std::string(v->name));
    req.programs = files;
    req.bytes = bytes;
    req.out_dir = out;
    req.image = vm_image;
    req.timeout_s = vm_timeout;
    req.crash_hook = vm_crash;
    req.guest_args = {"--deadline", std::to_string(deadline_ms)};
    if (tf.backend == "sim") {
      // The simulator inside the guest (e.g. a simulated hang under the guest's watchdog).
      req.sim_args = {"--backend", "sim"};
      for (const std::string& b : tf.bugs) req.sim_args.insert(req.sim_args.end(), {"--bug", b});
    }
    if (random) req.guest_args.insert(req.guest_args.end(), {"--random", std::to_string(random), "--seed",
                                                             std::to_string(seed), "--mix", mix});
    return RunInVmAndPrint(req, files, verbose);
  }
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
      if (frames) {
        nlohmann::json fr = {{"type", "verdict"}, {"program", np.name}, {"label", label.empty() ? t.label() : label},
                             {"fs", t.env().fs}, {"kernel", t.env().kernel}, {"cell", Cell(o.verdict)},
                             {"title", o.verdict.findings.empty() ? "" : o.verdict.findings[0].title},
                             {"signals", o.verdict.signals}, {"files", o.finding_files}};
        std::cout << "@@FSFUZZ " << fr.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace) << "@@\n"
                  << std::flush;
      }
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
