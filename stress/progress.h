// The progress display: one line, redrawn in place with \r on a terminal, or printed
// plainly every so often when not (a log, a pipe). Finding announcements go through it
// so they never tear the progress line. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

#include "src/fsfuzz/finding/finding.h"

namespace fsfuzz::stress {

inline constexpr int kNumFindingClasses = 0
#define FSFUZZ_X(id, name, help) +1
    FSFUZZ_FINDING_CLASSES(FSFUZZ_X)
#undef FSFUZZ_X
    ;

struct ProgressSnapshot {
  std::string target;        // "ext4", "sim+lost-write"
  double elapsed_s = 0;
  double duration_s = 0;     // 0: no time bound
  uint64_t ops = 0;
  uint64_t ops_limit = 0;    // 0: no op bound
  uint64_t programs = 0;
  double ops_per_s = 0;      // over the last interval
  std::array<uint64_t, kNumFindingClasses> findings{};
  uint64_t files_kept = 0;   // finding files on disk (duplicates past the cap are not)
};

// "ext4  3,412 ops/s  ops 120,345  programs 470  findings 0  12s / 1m00s (48s left)";
// findings by class when any: "findings data-mismatch 2, hang 1 (2 saved)".
std::string FormatProgress(const ProgressSnapshot& s);
// 1234567 -> "1,234,567".
std::string Thousands(uint64_t v);

class Progress {
 public:
  // tty: redraw in place; otherwise one plain line per `plain_interval_s`.
  Progress(FILE* out, bool tty, double plain_interval_s);

  // Shows s (rate-limited: a terminal at most every 0.25 s).
  void Update(const ProgressSnapshot& s, double now_s);
  // Prints a line of its own (a finding saved, a target skipped), then redraws.
  void Announce(const std::string& line);
  // Ends the progress line (a newline on a terminal) after the last update.
  void Finish(const ProgressSnapshot& s);

 private:
  void DrawLocked();
  std::mutex mu_;
  FILE* out_;
  bool tty_;
  double interval_;
  double last_ = -1e9;
  std::string line_;  // the current progress line
  bool shown_ = false;
};

}  // namespace fsfuzz::stress
