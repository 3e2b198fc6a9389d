// The checker's answer for one program.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "src/fsfuzz/finding/finding.h"

namespace fsfuzz {

struct Verdict {
  enum class Status : uint8_t { kOk, kFinding, kInconclusive };
  Status status = Status::kOk;
  std::vector<Finding> findings;          // the first finding decides; later ones follow it
  // Admitted behaviour seen, counted: "misaligned-dio-einval", "overlap-dwrite-forward",
  // "dread-collision-eio", "enospc", ...
  std::map<std::string, uint64_t> signals;
  std::string inconclusive_reason;

  bool ok() const { return status == Status::kOk; }
};

const char* StatusName(Verdict::Status s);

}  // namespace fsfuzz
