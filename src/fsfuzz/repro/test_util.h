// Helpers for the repro tests: temporary directories, compiling and running the emitted C
// programs, and finding records made by running a program on the simulator.
#pragma once

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "src/fsfuzz/exec/sim_bugs.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/prog/text_codec.h"
#include "src/fsfuzz/repro/replay.h"
#include "src/fsfuzz/trace/trace_json.h"

namespace fsfuzz::repro_test {

// mkdtemp under `parent` (/dev/shm is tmpfs; /tmp is whatever the machine has), removed
// with everything in it at the end.
class TempDir {
 public:
  explicit TempDir(const std::string& parent = "/tmp") {
    std::string tmpl = parent + "/fsfuzz-repro-test-XXXXXX";
    if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Output {
  int status = -1;  // exit status (-1: did not exit normally)
  std::string text;
};

// Runs a shell command, stdout and stderr together.
inline Output Sh(const std::string& cmd) {
  Output out;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.text.append(buf, n);
  const int st = ::pclose(p);
  out.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

inline bool HaveCompiler(const std::string& cc) { return Sh("command -v " + cc).status == 0; }

// Writes `source` to dir/name.c and compiles it as a developer would be told to.
inline Output CompileC(const std::string& cc, const std::string& source, const std::string& dir,
                       const std::string& name, const std::string& extra_flags = "") {
  const std::string c = dir + "/" + name + ".c";
  std::ofstream(c) << source;
  return Sh(cc + " -std=c11 -pthread -Wall -Werror " + extra_flags + " -O2 -o " + dir + "/" + name + " " + c);
}

// A finding record of p on the simulator with `bugs`: its first finding, with the env,
// the program text and the trace, as `fsfuzz run` would write it.
inline std::optional<FindingRecord> SimFinding(const Program& p, const SimBugSet& bugs,
                                               std::chrono::milliseconds deadline = std::chrono::milliseconds(10000)) {
  TargetSpec spec;
  spec.kind = TargetSpec::Kind::kSim;
  spec.sim.bugs = bugs;
  ReplayOptions ro;
  ro.deadline = deadline;
  auto r = Replayer::Open(spec, ro);
  if (!r.ok()) return std::nullopt;
  ReplayRun run = (*r)->Run(p);
  if (run.verdict.findings.empty()) return std::nullopt;
  FindingRecord rec;
  rec.finding = run.verdict.findings[0];
  rec.env = run.env;
  PrintOptions po;
  po.annotate = true;
  rec.program_text = PrintProgram(p, po);
  rec.trace = ToJson(run.trace);
  rec.tool_version = "test";
  return rec;
}

inline Program MustParse(const std::string& text) {
  auto p = ParseProgram(text);
  return p.ok() ? *p : Program{};
}

}  // namespace fsfuzz::repro_test
