// Semantics shown in the reports (see semantics.h).
#include "reports/semantics.h"

namespace fsfuzz::reports {

// Signals the checker counts when an O_DIRECT request and mapped stores collided and the
// kernel answered EIO (check/check_round.cc).
static const char* const kCollisionSignals[] = {"collision-eio", "collision-eio-view", "dread-collision-eio"};

const char* const kOverlapHelp =
    "Overlapping DIO from mapping: an O_DIRECT write whose source buffer is a shared "
    "mapping of the range it overwrites stores either the source as it was (snapshot) or "
    "data it has just written, copied page by page (forward).";
const char* const kMisalignedHelp =
    "Misaligned DIO: an O_DIRECT request off the filesystem's DIO alignment fails with "
    "EINVAL, or is done as buffered I/O (buffered fallback).";
const char* const kCollisionHelp =
    "Collision EIO: whether an O_DIRECT request racing stores through a mapping of the "
    "same range returned EIO in this run (documented, counted as a signal, not a bug).";

Semantics EffectiveSemantics(const FsResult& fs) {
  if (fs.semantics) return *fs.semantics;
  Semantics s;
  if (fs.env) {
    s.overlap_dwrite = fs.env->overlap_dwrite;
    s.misaligned_dio = fs.env->misaligned_dio;
  }
  for (const char* name : kCollisionSignals) {
    auto it = fs.signals.find(name);
    if (it != fs.signals.end() && it->second > 0) s.collision_eio = true;
  }
  return s;
}

std::string OverlapLabel(const std::string& v) {
  if (v == "mixed") return "mixed (both seen)";
  return v.empty() ? "unknown" : v;
}

std::string MisalignedLabel(const std::string& v) {
  if (v == "einval") return "EINVAL";
  if (v == "buffered") return "buffered fallback";
  if (v == "mixed") return "mixed (both seen)";
  return v.empty() ? "unknown" : v;
}

std::string CollisionLabel(const std::optional<bool>& v) {
  if (!v) return "unknown";
  return *v ? "yes" : "no";
}

}  // namespace fsfuzz::reports
