// A finding: one detected bug (or kernel signal) with a stable signature, written to disk
// as JSON (temp file + rename) before the tool does anything else with it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

#define FSFUZZ_FINDING_CLASSES(X)                                              \
  X(kDataMismatch, "data-mismatch", "a read saw bytes the model does not allow") \
  X(kIncoherentViews, "incoherent-views", "views of one range disagree at rest")  \
  X(kSizeMismatch, "size-mismatch", "st_size differs from the model")            \
  X(kUnexpectedErrno, "unexpected-errno", "an op failed in a way not predicted")  \
  X(kUnexpectedSigbus, "unexpected-sigbus", "SIGBUS below EOF")                   \
  X(kMissingSigbus, "missing-sigbus", "no SIGBUS on a page wholly past EOF")       \
  X(kHang, "hang", "an op did not finish within its deadline")                    \
  X(kKernelWarning, "kernel-warning", "the kernel logged a warning")              \
  X(kKernelBug, "kernel-bug", "the kernel logged a BUG/Oops/GPF/KASAN report")     \
  X(kDioCollision, "dio-collision",                                              \
    "EIO from a sync after an O_DIRECT write collided with mapped stores")

enum class FindingClass : uint8_t {
#define FSFUZZ_X(id, name, help) id,
  FSFUZZ_FINDING_CLASSES(FSFUZZ_X)
#undef FSFUZZ_X
};

const char* ClassName(FindingClass c);
bool ClassFromName(const std::string& name, FindingClass* out);

struct Finding {
  FindingClass cls = FindingClass::kDataMismatch;
  std::string title;                  // "data mismatch in dwrite(buf=map) vs touch_write on xfs"
  std::string fs;                     // filesystem (env.fs, or variant)
  std::vector<std::string> op_kinds;  // op kinds involved, for the signature
  int64_t step = -1;                  // program step where it was detected (-1: end/none)
  uint32_t op_id = 0;                 // op id where it was detected (0: none)
  std::string detail;                 // human text: expected vs observed, whose data where
  nlohmann::json evidence = nlohmann::json::object();  // bytes, stacks, kernel log lines

  // class + sorted op kinds + fs, hashed: equal for the same bug seen again.
  std::string Signature() const;
};

// The file a finding is written to: everything needed to look at it and reproduce it.
struct FindingRecord {
  Finding finding;
  Env env;
  std::string program_text;     // the program in .fsp form
  nlohmann::json trace;         // the trace (or an excerpt) as JSON; null when absent
  std::string tool_version;
  std::string created;          // ISO 8601 UTC
};

nlohmann::json ToJson(const Finding& f);
Result<Finding> FindingFromJson(const nlohmann::json& j);
nlohmann::json ToJson(const FindingRecord& r);
Result<FindingRecord> FindingRecordFromJson(const nlohmann::json& j);

// Writes `r` as DIR/<prefix><signature>-<unique>.json via a temp file, fsync and rename,
// then fsyncs DIR. Returns the final path.
Result<std::string> WriteFindingFile(const std::string& dir, const FindingRecord& r,
                                     const std::string& prefix = "finding-");
Result<FindingRecord> ReadFindingFile(const std::string& path);

// Writes bytes to path atomically (temp + fsync + rename + fsync dir).
Status WriteFileAtomically(const std::string& path, const std::string& contents);

}  // namespace fsfuzz
