// Opening the lanes of a stress target (see lanes.h).
#include "stress/lanes.h"

#include <sys/stat.h>
#include <unistd.h>

#include "src/fsfuzz/exec/posix_backend.h"
#include "src/fsfuzz/testbed/workdir.h"

namespace fsfuzz::stress {

Result<std::unique_ptr<Lanes>> Lanes::Open(const TargetSpec& spec, uint32_t n) {
  std::unique_ptr<Lanes> lanes(new Lanes());
  auto first = Target::Open(spec);
  if (!first.ok()) return first.status();
  lanes->targets_.push_back(std::move(*first));
  Target& t0 = *lanes->targets_[0];
  // Lane k's directory beside lane 0's files: inside the testbed's mount, or in --dir.
  std::string base;
  if (spec.kind == TargetSpec::Kind::kTestbed && t0.testbed()) base = t0.testbed()->mount_dir();
  if (spec.kind == TargetSpec::Kind::kDir) {
    auto* pb = dynamic_cast<PosixBackend*>(&t0.backend());
    base = pb ? pb->dir() : spec.dir;
  }
  for (uint32_t k = 1; k < n; ++k) {
    TargetSpec s = spec;
    s.watch_kernel = false;  // lane 0 watches the kernel for the whole filesystem
    if (spec.kind != TargetSpec::Kind::kSim) {
      s.kind = TargetSpec::Kind::kDir;
      s.dir = base + "/lane-" + std::to_string(k);
      struct stat st;
      if (::lstat(s.dir.c_str(), &st) != 0) lanes->made_dirs_.push_back(s.dir);
    }
    auto t = Target::Open(s);
    if (!t.ok()) return Status(t.status().kind(), "lane " + std::to_string(k) + ": " + t.status().message());
    // Findings of every lane name the filesystem as lane 0 does (not "dir").
    if (auto* pb = dynamic_cast<PosixBackend*>(&(*t)->backend())) pb->OverrideEnv(t0.env());
    lanes->targets_.push_back(std::move(*t));
  }
  return lanes;
}

Lanes::~Lanes() {
  while (targets_.size() > 1) targets_.pop_back();
  // The backends removed their files; the marker and the directory are ours too.
  for (const std::string& d : made_dirs_) {
    ::unlink((d + "/" + kMarkerName).c_str());
    ::rmdir(d.c_str());
  }
  targets_.clear();
}

}  // namespace fsfuzz::stress
