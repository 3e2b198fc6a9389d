// What a stress run counts, per lane and merged: programs, executed ops and their
// latencies per op kind (from the trace's t_start/t_end), findings per class with the
// first one seen, and the checker's and kernel's signals.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/summary.h"
#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/run/session.h"
#include "stress/latency.h"

namespace fsfuzz::stress {

struct OpKindCounts {
  uint64_t count = 0;   // executed (skipped ops are not)
  uint64_t errors = 0;  // returned an error or took SIGBUS
  LatencyHistogram latency;
};

struct ClassCounts {
  uint64_t count = 0;
  std::set<std::string> signatures;
  int64_t first_ns = INT64_MAX;  // steady clock when the first was seen (to merge lanes)
  std::string first_title, first_file, first_program;
};

class RunStats {
 public:
  // Accounts one program: its trace's ops, its verdict's findings (files[i] is the file
  // of findings[i], "" when none was written) and signals. now_ns: steady clock.
  void AddProgram(const Program& p, const ProgramOutcome& o, int64_t now_ns);
  void Merge(const RunStats& other);

  // A lane in a process of its own sends its stats to the parent as JSON (all of them:
  // Merge of the parsed stats equals Merge of the original).
  nlohmann::json ToJson() const;
  static Result<RunStats> FromJson(const nlohmann::json& j);

  uint64_t programs() const { return programs_; }
  uint64_t inconclusive() const { return inconclusive_; }
  uint64_t ops() const { return ops_; }
  uint64_t findings() const;
  const std::array<OpKindCounts, kNumOpKinds>& op_kinds() const { return kinds_; }
  const std::map<FindingClass, ClassCounts>& classes() const { return classes_; }
  const std::map<std::string, uint64_t>& signals() const { return signals_; }
  // Rounds in which an O_DIRECT op raced a store through a mapping: where a collision
  // EIO can happen at all (so none in many of them means "no", not "unknown").
  uint64_t collision_prone_rounds() const { return collision_rounds_; }

  // Fills the figures of r (ops, per-kind stats, findings, signals) for elapsed_s of run
  // time; first_file paths under report_dir are made relative to it.
  void Fill(double elapsed_s, const std::string& report_dir, reports::FsResult& r) const;

 private:
  uint64_t programs_ = 0, inconclusive_ = 0, ops_ = 0, collision_rounds_ = 0;
  std::array<OpKindCounts, kNumOpKinds> kinds_{};
  std::map<FindingClass, ClassCounts> classes_;
  std::map<std::string, uint64_t> signals_;
};

// The semantics a report shows for one filesystem: overlapping DIO and misaligned DIO
// as probed (env); collision EIO true when counted, false after enough collision-prone
// rounds without one, else unknown.
reports::Semantics RunSemantics(const Env& env, const std::map<std::string, uint64_t>& signals,
                                uint64_t collision_prone_rounds);

}  // namespace fsfuzz::stress
