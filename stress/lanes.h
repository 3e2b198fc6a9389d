// Lanes: the independent program streams of one stress target, one file each. Lane 0 is
// the target as asked (a fresh testbed, a directory, the simulator); lanes 1..N-1 are
// directories on the same filesystem (or more simulators), so N lanes load one
// filesystem from N threads while each program still has a file of its own to check.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/run/target.h"

namespace fsfuzz::stress {

class Lanes {
 public:
  // Environment errors mean "cannot run here" (the message is the skip reason).
  static Result<std::unique_ptr<Lanes>> Open(const TargetSpec& spec, uint32_t n);
  ~Lanes();  // lanes 1.. first (they live on lane 0's filesystem), then lane 0
  Lanes(const Lanes&) = delete;
  Lanes& operator=(const Lanes&) = delete;

  size_t size() const { return targets_.size(); }
  Target& at(size_t i) { return *targets_[i]; }
  // Lane 0's label and Env: the filesystem under test as reports name it.
  const std::string& label() const { return targets_[0]->label(); }
  const Env& env() const { return targets_[0]->env(); }

 private:
  Lanes() = default;
  std::vector<std::unique_ptr<Target>> targets_;
  std::vector<std::string> made_dirs_;  // lane directories we created (removed at the end)
};

}  // namespace fsfuzz::stress
