// Reading the fuzz targets' environment knobs (see fuzz_env.h).
#include "fuzz/harness/fuzz_env.h"

#include <cstdlib>
#include <string_view>

namespace fsfuzz::fuzz {
namespace {

std::string Get(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

bool Flag(const char* name, bool dflt) {
  const std::string v = Get(name);
  if (v.empty()) return dflt;
  return !(v == "0" || v == "false" || v == "off" || v == "no");
}

}  // namespace

FuzzEnv ReadFuzzEnv(std::chrono::milliseconds default_deadline) {
  FuzzEnv e;
  e.dir_base = Get("FSFUZZ_DIR");
  if (e.dir_base.empty()) e.dir_base = Get("TMPDIR");
  if (e.dir_base.empty()) e.dir_base = "/tmp";
  e.out_dir = Get("FSFUZZ_OUT");
  e.deadline = default_deadline;
  const std::string d = Get("FSFUZZ_DEADLINE_MS");
  if (!d.empty()) {
    const long ms = std::strtol(d.c_str(), nullptr, 10);
    if (ms > 0) e.deadline = std::chrono::milliseconds(ms);
  }
  e.feedback = Flag("FSFUZZ_FEEDBACK", true);
  e.crash_on_known = Get("FSFUZZ_KNOWN") == "crash";
  e.keep_known = Flag("FSFUZZ_KEEP_KNOWN", false);
  e.model_bug = Get("FSFUZZ_MODEL_BUG");
  e.quiet = Flag("FSFUZZ_QUIET", false);
  e.kernel_watch = Flag("FSFUZZ_KMSG", false);
  const std::string v = Get("FSFUZZ_VIEW_READS");
  if (!v.empty() && !ViewReadsFromName(v, &e.view_reads)) {
    e.view_reads_error = "FSFUZZ_VIEW_READS=" + v + ": expected mapped, loads or kernel";
  }
  return e;
}

}  // namespace fsfuzz::fuzz
