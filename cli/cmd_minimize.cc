// minimize: shrink a finding's program (steps, ops in rounds, threads, arguments) while it
// still reproduces the same finding class at a rate near the original, then write
// minimized-from-<signature>.fsp and a finding file for the small program.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/target_flags.h"
#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/repro/input.h"
#include "src/fsfuzz/repro/minimize.h"
#include "src/fsfuzz/repro/rate.h"
#include "src/fsfuzz/trace/atomic_file.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz::cli {
namespace {

std::string NowIso() {
  char buf[32];
  time_t t = time(nullptr);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// A program without a finding: its first finding here is the one to keep.
std::optional<Finding> FirstFinding(Replayer& r, const Program& p, size_t runs) {
  for (size_t i = 0; i < runs; ++i) {
    ReplayRun run = r.Run(p);
    if (!run.verdict.findings.empty()) return run.verdict.findings[0];
  }
  return std::nullopt;
}

}  // namespace

int CmdMinimize(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz minimize");
  std::string in_path, match = "kinds", out;
  size_t runs = 5, max_tests = 100000;
  double threshold = 0.3;
  uint64_t budget_s = 600, deadline_ms = 10000;
  bool bytes = false, fresh = false, quiet = false;
  TargetFlags tf;
  desc.add_options()("input", po::value(&in_path)->required(), "a finding (JSON), a program (.fsp) or a fuzzer input")(
      "runs,k", po::value(&runs)->default_value(5), "replays per candidate (and for the original's rate)")(
      "threshold", po::value(&threshold)->default_value(0.3),
      "keep a candidate whose rate is at least this fraction of the original's")(
      "match", po::value(&match)->default_value("kinds"),
      "what counts as the same finding: kinds (same class, op kinds a subset of the original's), class, or "
      "signature (class + the same op kinds)")(
      "budget", po::value(&budget_s)->default_value(600), "stop trying candidates after this many seconds")(
      "max-tests", po::value(&max_tests)->default_value(100000), "stop after this many candidates")(
      "deadline", po::value(&deadline_ms)->default_value(10000), "per-op deadline in ms (the watchdog)")(
      "out", po::value(&out), "where to write minimized-from-<signature>.{fsp,json} (default: beside the input)")(
      "fresh-testbed", po::bool_switch(&fresh), "a fresh testbed for every replay (slow; default: reset the file)")(
      "bytes", po::bool_switch(&bytes), "the input is a binary program (fuzzer input, crash file)")(
      "quiet,q", po::bool_switch(&quiet), "no progress lines");
  tf.Add(desc);
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  int rc;
  const std::string usage =
      "fsfuzz minimize FINDING.json|PROG.fsp|BYTES (--fs FS | --dir DIR | --backend sim --bug NAME) [--runs K] "
      "[--threshold 0.3] [--budget SECONDS]";
  if (!ParseArgs(args, usage, desc, &pos, vm, &rc)) return rc;
  MatchRule rule;
  if (!MatchRuleFromName(match, &rule)) return Fail("minimize", Status::Usage("--match: kinds, class or signature"));
  if (runs == 0 || threshold <= 0 || threshold > 1) {
    return Fail("minimize", Status::Usage("--runs must be at least 1 and --threshold in (0, 1]"));
  }
  auto in = LoadReproInput(in_path, bytes);
  if (!in.ok()) return Fail("minimize", in.status());
  auto specs = tf.Specs();
  if (!specs.ok()) return Fail("minimize", specs.status());
  if (specs->size() != 1) return Fail("minimize", Status::Usage("minimize runs on one target: name one filesystem"));
  ReplayOptions ro;
  ro.deadline = std::chrono::milliseconds(deadline_ms);
  ro.fresh_target = fresh;
  ro.on_fatal_hang = [](const Finding& f, const Env&) {
    std::cout << "HANG (" << f.title << "): a real hang cannot be minimized in-process; the process exits\n" << std::flush;
  };
  auto rep = Replayer::Open((*specs)[0], ro);
  if (!rep.ok()) return Fail("minimize", rep.status());
  Replayer& r = **rep;

  Finding want;
  if (in->record) {
    want = in->record->finding;
  } else {
    auto f = FirstFinding(r, in->program, runs);
    if (!f) {
      std::cout << "no finding in " << runs << " run(s) of " << in_path << " on " << r.label() << ": nothing to minimize\n";
      return kExitOk;
    }
    want = *f;
  }
  std::cout << "minimize " << in_path << " on " << r.label() << ": " << ClassName(want.cls) << " (" << want.title << "), "
            << in->program.NumOps() << " ops\n" << std::flush;
  RateReport base = MeasureRate(r, in->program, runs, &want, rule);
  if (base.reproduced == 0) {
    std::cout << "it does not reproduce here (0/" << runs << " runs, same " << MatchRuleName(rule)
              << "); try more --runs or the finding's own filesystem\n";
    return kExitInconclusive;
  }
  const size_t need = NeededHits(base.rate(), threshold, runs);
  std::cout << "original rate " << base.reproduced << "/" << runs << "; a candidate must reproduce in " << need << "/" << runs
            << " runs (same " << MatchRuleName(rule) << ")\n" << std::flush;

  RateOracle oracle(r, want, rule, runs, need);
  MinimizeOptions mo;
  mo.budget = std::chrono::seconds(budget_s);
  mo.max_tests = max_tests;
  if (!quiet) mo.log = [](const std::string& line) { std::cout << "  " << line << "\n" << std::flush; };
  const auto t0 = std::chrono::steady_clock::now();
  MinimizeResult res = Minimize(in->program, std::ref(oracle), mo);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // The answer's own rate, and its finding (with the check evidence the C emitter needs).
  RateReport fin = MeasureRate(r, res.program, runs, &want, rule);
  if (fin.reproduced == 0) {
    // Accepted at `need` of K runs, yet none now: races are noisy. Look longer before
    // calling the result a program that does not reproduce.
    RateReport more = MeasureRate(r, res.program, 3 * runs, &want, rule);
    fin.runs += more.runs, fin.reproduced += more.reproduced, fin.clean += more.clean;
    fin.inconclusive += more.inconclusive;
    if (more.match) fin.match = more.match, fin.match_trace = more.match_trace;
  }
  if (fin.reproduced == 0) {
    // Still none: the candidate was kept by luck (or by a run that inherited another's
    // kernel state). Hand over the latest accepted program that reproduces instead.
    bool confirmed = false;
    Program kept = ConfirmedResult(res, in->program, [&](const Program& q) {
      RateReport t = MeasureRate(r, q, runs, &want, rule);
      if (t.reproduced == 0) return false;
      fin = t, confirmed = true;
      return true;
    });
    if (confirmed && !(kept == res.program)) {
      std::cout << "the smallest candidate does not reproduce; handing over the latest one that does ("
                << kept.NumOps() << " ops)\n";
      res.program = std::move(kept);
    }
  }
  std::cout << res.tests << " candidates tried (" << res.duplicates << " duplicates skipped, " << res.invalid
            << " invalid) in " << Fixed(secs) << " s" << (res.out_of_budget ? ", budget exhausted" : "") << "\n";
  std::cout << in->program.NumOps() << " ops -> " << res.program.NumOps() << " ops; rate " << fin.reproduced << "/" << fin.runs
            << " (original " << base.reproduced << "/" << runs << ") on " << r.label() << "\n";
  // The finding of the small program's own runs carries the check its C reproducer needs.
  const Finding* found = &want;
  const Trace* trace = nullptr;
  if (fin.match) {
    found = &*fin.match, trace = &fin.match_trace;
  } else if (oracle.last_match()) {
    found = &*oracle.last_match(), trace = &oracle.last_trace();
  } else if (base.match) {
    found = &*base.match, trace = &base.match_trace;
  }

  PrintOptions po;
  po.annotate = true;
  const std::string sig = want.Signature();
  const std::string dir = !out.empty() ? out : std::filesystem::path(in_path).parent_path().string();
  const std::string stem = (dir.empty() ? std::string(".") : dir) + "/minimized-from-" + sig;
  std::error_code ec;
  std::filesystem::create_directories(dir.empty() ? "." : dir, ec);
  const std::string text = "# minimized from " + sig + " (" + want.title + "): " + std::to_string(in->program.NumOps()) +
                           " -> " + std::to_string(res.program.NumOps()) + " ops, reproduces " +
                           std::to_string(fin.reproduced) + "/" + std::to_string(fin.runs) + " on " + r.label() + "\n" +
                           PrintProgram(res.program, po);
  if (Status s = WriteFileAtomic(stem + ".fsp", text); !s.ok()) return Fail("minimize", s);

  FindingRecord rec;
  rec.finding = *found;
  rec.finding.evidence["minimized"] = {{"from_signature", sig},
                                       {"from_title", want.title},
                                       {"original_ops", in->program.NumOps()},
                                       {"ops", res.program.NumOps()},
                                       {"hits", fin.reproduced},
                                       {"runs", fin.runs},
                                       {"original_runs", runs},
                                       {"original_hits", base.reproduced},
                                       {"target", r.label()},
                                       {"match", std::string(MatchRuleName(rule))},
                                       {"original_program", PrintProgram(in->program)}};
  rec.env = r.env();
  rec.program_text = PrintProgram(res.program, po);
  if (trace) rec.trace = ToJson(*trace);
  rec.tool_version = "0.1.0";
  rec.created = NowIso();
  std::string json;
  try {
    json = DumpJson(ToJson(rec), 2) + "\n";
  } catch (const std::exception& e) {
    return Fail("minimize", Status::Internal(e.what()));
  }
  if (Status s = WriteFileAtomic(stem + ".json", json); !s.ok()) return Fail("minimize", s);
  std::cout << "wrote " << stem << ".fsp and " << stem << ".json\n\n" << PrintProgram(res.program, po);
  return fin.reproduced ? kExitFinding : kExitInconclusive;
}

}  // namespace fsfuzz::cli
