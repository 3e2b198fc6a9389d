// Reproduction rates: a program replayed N times, each run's findings tallied by
// signature. Races are nondeterministic, so "how often" is the answer, not "whether".
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/repro/match.h"
#include "src/fsfuzz/repro/replay.h"

namespace fsfuzz {

struct SignatureTally {
  Finding example;    // the first finding seen with this signature
  size_t runs = 0;    // runs that had it
};

struct RateReport {
  size_t runs = 0;
  size_t reproduced = 0;    // runs with a finding matching the wanted one
  size_t clean = 0;         // runs without findings
  size_t inconclusive = 0;  // runs that could not conclude (setup, ENOSPC)
  std::map<std::string, SignatureTally> seen;  // every signature seen, by signature
  std::optional<Finding> match;                // the last matching finding
  Trace match_trace;                           // and the trace of its run
  double rate() const { return runs ? static_cast<double>(reproduced) / static_cast<double>(runs) : 0.0; }
};

// Replays p `runs` times. want: the finding to look for (nullptr: none; every signature
// is just tallied). progress: called after every run.
RateReport MeasureRate(Replayer& r, const Program& p, size_t runs, const Finding* want, MatchRule rule,
                       const std::function<void(size_t, const ReplayRun&)>& progress = {});

// Hits needed in `runs` runs for a rate of at least threshold * base_rate (at least 1).
size_t NeededHits(double base_rate, double threshold, size_t runs);

// The minimizer's predicate: runs a candidate up to `runs` times and accepts it as soon
// as `need` runs reproduce the wanted finding, rejecting it as soon as they no longer can.
class RateOracle {
 public:
  RateOracle(Replayer& r, Finding want, MatchRule rule, size_t runs, size_t need)
      : replayer_(r), want_(std::move(want)), rule_(rule), runs_(runs), need_(need) {}

  bool operator()(const Program& p);

  size_t replays() const { return replays_; }
  // The matching finding and trace of the last accepted program.
  const std::optional<Finding>& last_match() const { return last_match_; }
  const Trace& last_trace() const { return last_trace_; }
  const Env& last_env() const { return last_env_; }

 private:
  Replayer& replayer_;
  Finding want_;
  MatchRule rule_;
  size_t runs_, need_;
  size_t replays_ = 0;
  std::optional<Finding> last_match_;
  Trace last_trace_;
  Env last_env_;
};

// The first finding of a run's verdict that matches want, or nullptr.
const Finding* FindMatch(const Verdict& v, const Finding& want, MatchRule rule);

}  // namespace fsfuzz
