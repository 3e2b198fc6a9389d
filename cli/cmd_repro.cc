// repro: replay a finding (or a program, or a fuzzer input) N times on a target and print
// the rate at which the same signature recurs, and every other signature seen.
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/command.h"
#include "cli/target_flags.h"
#include "src/fsfuzz/repro/input.h"
#include "src/fsfuzz/repro/rate.h"

namespace fsfuzz::cli {
namespace {

std::string Rate(size_t k, size_t n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%zu/%zu (%.2f)", k, n, n ? static_cast<double>(k) / static_cast<double>(n) : 0.0);
  return buf;
}

std::string RunLine(const ReplayRun& run, const Finding* want, MatchRule rule) {
  if (!run.status.ok()) return "inconclusive: " + run.status.message();
  if (want) {
    if (const Finding* m = FindMatch(run.verdict, *want, rule)) return "reproduced (" + m->title + ")";
  }
  if (!run.verdict.findings.empty()) {
    const Finding& f = run.verdict.findings[0];
    return std::string(want ? "other: " : "found: ") + ClassName(f.cls) + " " + f.Signature() + " (" + f.title + ")";
  }
  if (run.verdict.status == Verdict::Status::kInconclusive) return "inconclusive: " + run.verdict.inconclusive_reason;
  return "clean";
}

}  // namespace

int CmdRepro(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz repro");
  std::string in_path, match = "signature", out;
  size_t runs = 10;
  bool bytes = false, reset_file = false, fresh = false, quiet = false;
  uint64_t deadline_ms = 10000;
  TargetFlags tf;
  desc.add_options()("input", po::value(&in_path)->required(), "a finding (JSON), a program (.fsp) or a fuzzer input")(
      "runs,n", po::value(&runs)->default_value(10), "replays per target")(
      "reset-file", po::bool_switch(&reset_file), "reuse one target, resetting the file between runs (default for --dir)")(
      "fresh-testbed", po::bool_switch(&fresh), "a fresh testbed (mkfs + mount) for every run (default for --fs)")(
      "match", po::value(&match)->default_value("signature"),
      "what counts as the same finding: signature (class + op kinds), kinds (class, a subset of the op kinds), class")(
      "deadline", po::value(&deadline_ms)->default_value(10000), "per-op deadline in ms (the watchdog)")(
      "bytes", po::bool_switch(&bytes), "the input is a binary program (fuzzer input, crash file)")(
      "out", po::value(&out), "write a hang finding here before a hung run ends the process")(
      "quiet,q", po::bool_switch(&quiet), "no line per run");
  tf.Add(desc);
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  int rc;
  const std::string usage =
      "fsfuzz repro FINDING.json|PROG.fsp|BYTES (--fs LIST | --dir DIR | --backend sim --bug NAME) [--runs N] "
      "[--reset-file | --fresh-testbed]";
  if (!ParseArgs(args, usage, desc, &pos, vm, &rc)) return rc;
  if (reset_file && fresh) return Fail("repro", Status::Usage("--reset-file and --fresh-testbed exclude each other"));
  if (runs == 0) return Fail("repro", Status::Usage("--runs must be at least 1"));
  MatchRule rule;
  if (!MatchRuleFromName(match, &rule)) return Fail("repro", Status::Usage("--match: signature, kinds or class"));
  auto in = LoadReproInput(in_path, bytes);
  if (!in.ok()) return Fail("repro", in.status());
  auto specs = tf.Specs();
  if (!specs.ok()) return Fail("repro", specs.status());
  const Finding* want = in->record ? &in->record->finding : nullptr;

  int worst = kExitOk;
  size_t ran = 0;
  for (const TargetSpec& spec : *specs) {
    ReplayOptions ro;
    ro.deadline = std::chrono::milliseconds(deadline_ms);
    ro.fresh_target = fresh || (!reset_file && spec.kind == TargetSpec::Kind::kTestbed);
    size_t done = 0, hits = 0;
    ro.on_fatal_hang = [&](const Finding& f, const Env& env) {
      // The watchdog thread, with an op stuck in the kernel: report, then the process exits.
      std::cout << "run " << done + 1 << "/" << runs << ": HANG (" << f.title << ")\n";
      if (want) std::cout << "same finding so far: " << Rate(hits + (f.cls == want->cls), done + 1) << "\n";
      if (!out.empty()) {
        FindingRecord r;
        r.finding = f;
        r.env = env;
        r.program_text = in->record ? in->record->program_text : "";
        std::filesystem::create_directories(out);
        auto p = WriteFindingFile(out, r);
        if (p.ok()) std::cout << "finding saved: " << *p << "\n";
      }
      std::cout << std::flush;
    };
    auto rep = Replayer::Open(spec, ro);
    if (!rep.ok()) {
      if (rep.status().kind() != ErrorKind::kEnvironment) return Fail("repro", rep.status());
      std::cout << "skip " << (spec.variant.empty() ? "target" : spec.variant) << ": " << rep.status().message() << "\n";
      continue;
    }
    ++ran;
    Replayer& r = **rep;
    std::cout << "repro " << in_path << " on " << r.label() << ", " << runs << " run(s)"
              << (ro.fresh_target || spec.kind == TargetSpec::Kind::kSim ? ", a fresh target each" : ", file reset between runs");
    if (want) {
      std::cout << "\n  wanted: " << ClassName(want->cls) << " " << SignatureOn(*want, FsLabel(r.env())) << " (" << want->title
                << "); same finding = same " << MatchRuleName(rule);
    }
    std::cout << "\n" << std::flush;
    RateReport report = MeasureRate(r, in->program, runs, want, rule, [&](size_t i, const ReplayRun& run) {
      done = i + 1;
      if (want && FindMatch(run.verdict, *want, rule)) ++hits;
      if (!quiet) std::cout << "run " << i + 1 << "/" << runs << ": " << RunLine(run, want, rule) << "\n" << std::flush;
    });
    if (want) std::cout << "same finding: " << Rate(report.reproduced, report.runs) << " on " << r.label() << "\n";
    std::cout << "signatures seen:";
    if (report.seen.empty()) std::cout << " none";
    std::cout << "\n";
    for (const auto& [sig, t] : report.seen) {
      const bool same = want && Matches(*want, t.example, rule);
      std::cout << "  " << std::setw(14) << std::left << Rate(t.runs, report.runs) << std::right << " " << sig << " "
                << ClassName(t.example.cls) << " " << t.example.title << (same ? "   [the finding]" : "") << "\n";
    }
    std::cout << "clean: " << Rate(report.clean, report.runs) << "; inconclusive: " << Rate(report.inconclusive, report.runs)
              << "\n";
    const bool found = want ? report.reproduced > 0 : !report.seen.empty();
    if (found) worst = std::max<int>(worst, kExitFinding);
    if (report.inconclusive == report.runs) worst = std::max<int>(worst, kExitInconclusive);
  }
  if (!ran) return kExitEnvironment;
  return worst;
}

}  // namespace fsfuzz::cli
