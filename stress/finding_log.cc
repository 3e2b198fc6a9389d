// Finding announcements and the per-signature cap (see finding_log.h).
#include "stress/finding_log.h"

#include <unistd.h>

namespace fsfuzz::stress {

FindingLog::FindingLog(uint32_t cap, std::function<void(const std::string&)> announce,
                       std::function<void(const Finding&)> on_hang)
    : cap_(cap ? cap : 1), announce_(std::move(announce)), on_hang_(std::move(on_hang)) {}

void FindingLog::OnFinding(const std::string& path, const Finding& f) {
  const bool hang = f.cls == FindingClass::kHang;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!hang && ++per_signature_[f.Signature()] > cap_) {
      if (!path.empty()) ::unlink(path.c_str());
      ++dropped_;
      return;
    }
    ++kept_;
  }
  if (announce_) announce_("finding saved: " + path + "  (" + f.title + ")");
  if (hang && on_hang_) on_hang_(f);
}

bool FindingLog::WantFile(const Finding& f) {
  if (f.cls == FindingClass::kHang) return true;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = per_signature_.find(f.Signature());
  return it == per_signature_.end() || it->second < cap_;
}

}  // namespace fsfuzz::stress
