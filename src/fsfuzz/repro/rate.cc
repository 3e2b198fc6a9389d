// Reproduction rates and the minimizer's rate predicate (see rate.h).
#include "src/fsfuzz/repro/rate.h"

#include <cmath>
#include <set>

namespace fsfuzz {

const Finding* FindMatch(const Verdict& v, const Finding& want, MatchRule rule) {
  for (const Finding& f : v.findings) {
    if (Matches(want, f, rule)) return &f;
  }
  return nullptr;
}

RateReport MeasureRate(Replayer& r, const Program& p, size_t runs, const Finding* want, MatchRule rule,
                       const std::function<void(size_t, const ReplayRun&)>& progress) {
  RateReport rep;
  for (size_t i = 0; i < runs; ++i) {
    ReplayRun run = r.Run(p);
    ++rep.runs;
    if (!run.status.ok() || run.verdict.status == Verdict::Status::kInconclusive) {
      ++rep.inconclusive;
    } else if (run.verdict.findings.empty()) {
      ++rep.clean;
    }
    std::set<std::string> in_run;
    for (const Finding& f : run.verdict.findings) {
      const std::string sig = f.Signature();
      if (!in_run.insert(sig).second) continue;
      SignatureTally& t = rep.seen[sig];
      if (t.runs++ == 0) t.example = f;
    }
    if (want) {
      if (const Finding* m = FindMatch(run.verdict, *want, rule)) {
        ++rep.reproduced;
        rep.match = *m;
        rep.match_trace = run.trace;
      }
    }
    if (progress) progress(i, run);
  }
  return rep;
}

size_t NeededHits(double base_rate, double threshold, size_t runs) {
  const double need = std::ceil(base_rate * threshold * static_cast<double>(runs) - 1e-9);
  return std::max<size_t>(1, static_cast<size_t>(std::max(0.0, need)));
}

bool RateOracle::operator()(const Program& p) {
  size_t hits = 0;
  for (size_t i = 0; i < runs_; ++i) {
    if (hits + (runs_ - i) < need_) return false;  // cannot reach the rate any more
    ReplayRun run = replayer_.Run(p);
    ++replays_;
    if (const Finding* m = FindMatch(run.verdict, want_, rule_)) {
      if (++hits >= need_) {
        last_match_ = *m;
        last_trace_ = std::move(run.trace);
        last_env_ = run.env;
        return true;
      }
    }
  }
  return false;
}

}  // namespace fsfuzz
