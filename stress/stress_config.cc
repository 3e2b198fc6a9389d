// Stress settings and generator options (see stress_config.h).
#include "stress/stress_config.h"

#include <algorithm>

#include "src/fsfuzz/prog/limits.h"

namespace fsfuzz::stress {

namespace {
constexpr uint64_t kOneMiB = 1ull << 20;
// From this size on a file starts as a hole and has no `check` steps (MakeGenOptions).
constexpr uint64_t kLargeFile = 64ull << 20;
}  // namespace

Status Validate(const StressConfig& c) {
  if (c.duration_s <= 0 && c.ops_limit == 0) return Status::Usage("give a bound: --duration or --ops");
  if (c.threads < 1 || c.threads > static_cast<uint32_t>(kMaxRoundOps))
    return Status::Usage("--threads must be 1.." + std::to_string(kMaxRoundOps));
  if (c.file_size > kMaxFileSize) return Status::Usage("--file-size is at most 1G");
  if (c.steps < 0 || c.steps > kMaxSteps) return Status::Usage("--steps must be 0.." + std::to_string(kMaxSteps));
  if (c.deadline_ms == 0) return Status::Usage("--deadline must be positive");
  return Status::Ok();
}

int AutoSteps(uint64_t file_size, bool map_per_op) {
  // A program resets the file and checks it whole at its end, costs that grow with the
  // file, so programs grow with it. fsx-style programs (one op per step, mappings made
  // and dropped per op, few views) run fastest at 512-1024 steps per MiB on tmpfs
  // (bench/). Other mixes check views often anyway, and a finding file holds the trace
  // of its program so far, so theirs stay short: 32 steps per MiB. The caps bound the
  // trace in memory and how long a program runs, which is how long a stop waits: 40,000
  // fsx-style steps are under a second on tmpfs, and with the end views digested chunk by
  // chunk a 256 MiB file's reset and end check cost about a third of such a program.
  const uint64_t mib = std::max<uint64_t>(1, file_size >> 20);
  return static_cast<int>(map_per_op ? std::min<uint64_t>(512 * mib, 40000) : std::min<uint64_t>(32 * mib, 2000));
}

Result<GenOptions> MakeGenOptions(const StressConfig& c) {
  GenOptions o;
  std::string_view mix = c.mix;
  const size_t comma = mix.find(',');
  const std::string_view head = mix.substr(0, comma);
  if (GenPreset(head, &o)) {
    mix = comma == std::string_view::npos ? std::string_view{} : mix.substr(comma + 1);
  } else {
    GenPreset("default", &o);
    if (head.find('=') == std::string_view::npos) {
      std::string names;
      for (std::string_view n : GenPresetNames()) names += (names.empty() ? "" : ", ") + std::string(n);
      return Status::Usage("unknown mix '" + std::string(head) + "': a preset (" + names +
                           ") or op=weight,...");
    }
  }
  if (Status s = ParseMix(mix, &o); !s.ok()) return s;
  o.file_size = c.file_size;
  o.max_file_size = std::max<uint64_t>(c.file_size, kPageSize);
  if (c.threads <= 1) {
    o.round_prob = 0;
    o.max_round_ops = 1;
  } else {
    o.max_round_ops = static_cast<int>(c.threads);
  }
  o.num_steps = c.steps > 0 ? c.steps : AutoSteps(c.file_size, o.map_per_op);
  // A `check` step reads and compares the whole file (every view), so its cost grows
  // with the file while an op's does not. Every op is checked as it runs and every
  // program ends with a whole-file check; besides that, about one `check` step per
  // program (on tmpfs at 1 MiB the fsx mix's one in 50 steps cost 45% of the ops/s),
  // proportionally fewer past 1 MiB, and none for a large file.
  o.check_prob = std::min(o.check_prob, 1.0 / o.num_steps);
  if (c.file_size > kOneMiB) o.check_prob *= static_cast<double>(kOneMiB) / static_cast<double>(c.file_size);
  // A program starts by writing the file's initial contents; for a large file that is
  // a large part of its cost, so large files start as a hole (a truncate) instead.
  if (c.file_size >= kLargeFile) {
    o.check_prob = 0;
    o.sparse_prob = 1;
  }
  return o;
}

}  // namespace fsfuzz::stress
