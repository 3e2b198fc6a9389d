// The run summary that `fsfuzz stress`/`compare` write and the reports read: C++ form of
// the schema in docs/summary-schema.md, with a versioned, validating JSON loader.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz::reports {

inline constexpr const char* kSummaryFormat = "fsfuzz-summary";
inline constexpr int kSummaryVersion = 1;

struct RunConfig {
  uint64_t seed = 0;
  std::string mix = "default";
  uint32_t threads = 1;
  double duration_s = 0;   // 0: bounded by ops_limit only
  uint64_t ops_limit = 0;  // 0: bounded by duration only
  uint64_t file_size = 0;  // bytes
  uint64_t deadline_ms = 0;
  bool operator==(const RunConfig&) const = default;
};

struct HostInfo {
  std::string kernel;  // uname -r of the machine that ran `compare`
  uint32_t cpus = 0;
  uint64_t memory_mib = 0;
  bool operator==(const HostInfo&) const = default;
};

struct Latency {  // microseconds
  double p50 = 0, p90 = 0, p99 = 0, max = 0;
  bool operator==(const Latency&) const = default;
};

// counts[i]: ops with latency in (bounds_us[i-1], bounds_us[i]] (bounds_us[-1] = 0); an
// optional last extra count holds the ops above the last bound.
struct Histogram {
  std::vector<double> bounds_us;
  std::vector<uint64_t> counts;
  bool operator==(const Histogram&) const = default;
};

struct OpKindStats {
  std::string op;  // op table name: dwrite, touch_write, ...
  uint64_t count = 0;
  double ops_per_s = 0;
  uint64_t errors = 0;                 // ops that returned an error (predicted or not)
  std::optional<Latency> latency_us;   // absent when count == 0
  std::optional<Histogram> histogram;  // absent when the producer kept none
  bool operator==(const OpKindStats&) const = default;
};

struct FindingStats {
  FindingClass cls = FindingClass::kDataMismatch;
  uint64_t count = 0;                   // findings of this class (before deduplication)
  std::vector<std::string> signatures;  // distinct signatures seen
  std::string first_title;
  std::string first_file;     // finding file, relative to the report directory or absolute
  std::string first_program;  // program text (.fsp) of the first finding
  bool operator==(const FindingStats&) const = default;
};

// What the run observed about semantics filesystems legitimately differ on.
struct Semantics {
  std::string overlap_dwrite = "unknown";  // snapshot | forward | mixed | unknown
  std::string misaligned_dio = "unknown";  // einval | buffered | mixed | unknown
  std::optional<bool> collision_eio;       // EIO from a DIO/mapped-store collision seen
  bool operator==(const Semantics&) const = default;
};

enum class FsStatus : uint8_t {
  kRan,      // figures are complete
  kSkipped,  // not run: skip_reason says why (no figures)
  kFailed,   // setup or the run failed part way: skip_reason says why, figures partial
};
const char* FsStatusName(FsStatus s);

struct FsResult {
  std::string name;     // row label: "ext4", "ext4-dioread_nolock"
  std::string variant;  // testbed variant
  FsStatus status = FsStatus::kRan;
  std::string skip_reason;
  std::string runner = "host";  // "host" or "vm:<name>", e.g. "vm:debian-6.12"
  std::optional<Env> env;       // the probed environment (its kernel is the one that ran)
  double elapsed_s = 0;
  uint64_t programs = 0;
  uint64_t ops = 0;
  double ops_per_s = 0;
  double peak_rss_mib = 0;
  std::vector<OpKindStats> op_kinds;
  std::vector<FindingStats> findings;       // classes with count > 0
  std::map<std::string, uint64_t> signals;  // checker/testbed signal name -> count
  std::optional<Semantics> semantics;
  bool operator==(const FsResult&) const = default;

  bool ran() const { return status != FsStatus::kSkipped; }
  uint64_t TotalFindings() const;
  // Findings that matched the known-findings table (kernel behaviour confirmed in plain C):
  // the sum of the "known:<id>" signals (at most the total).
  uint64_t KnownFindings() const;
  // The findings of class c, or nullptr.
  const FindingStats* Findings(FindingClass c) const;
};

struct Summary {
  std::string created;  // ISO 8601 UTC
  std::string tool_version;
  RunConfig config;
  HostInfo host;
  std::vector<FsResult> filesystems;
  bool operator==(const Summary&) const = default;
};

// The kernel that ran fs: its env's kernel, else the host's for a host runner, else "?".
std::string KernelOf(const Summary& s, const FsResult& fs);

// kCorrupt naming the field ("summary.filesystems[1].op_kinds[0].count: expected an
// integer") on a wrong format, version or type; never throws.
Result<Summary> SummaryFromJson(const nlohmann::json& j);
nlohmann::json ToJson(const Summary& s);
// kIo when unreadable, kCorrupt when not JSON or not a valid summary.
Result<Summary> ReadSummaryFile(const std::string& path);

}  // namespace fsfuzz::reports
