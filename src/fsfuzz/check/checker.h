// The checker: a pure function of (Program, Trace). It never calls the kernel; the
// executor may feed it step by step (online) to stop at the first finding.
#pragma once

#include <functional>
#include <memory>

#include "src/fsfuzz/check/verdict.h"
#include "src/fsfuzz/prog/program.h"
#include "src/fsfuzz/trace/trace.h"

namespace fsfuzz {

// Recognises (and marks) findings that are known kernel behaviour; the checker then keeps
// going (adopting what it saw) instead of stopping, so a known bug does not hide others.
using KnownFn = std::function<bool(Finding&)>;

class Checker {
 public:
  Checker(const Program& program, const Env& env, KnownFn known = nullptr);
  ~Checker();
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  // Feeds the record of step `index` (steps arrive in order). Returns false once a
  // finding or an inconclusive condition makes further steps pointless.
  bool OnStep(size_t index, const StepRecord& rec);
  // Feeds the end-of-program check and drain (trace.final_*, trace.drain).
  void OnFinal(const Trace& trace);
  const Verdict& verdict() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Checks a whole trace.
Verdict Check(const Program& program, const Trace& trace, KnownFn known = nullptr);

}  // namespace fsfuzz
