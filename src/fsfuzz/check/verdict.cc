// Verdict helpers.
#include "src/fsfuzz/check/verdict.h"

namespace fsfuzz {

const char* StatusName(Verdict::Status s) {
  switch (s) {
    case Verdict::Status::kOk: return "ok";
    case Verdict::Status::kFinding: return "finding";
    case Verdict::Status::kInconclusive: return "inconclusive";
  }
  return "?";
}

}  // namespace fsfuzz
