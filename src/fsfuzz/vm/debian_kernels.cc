// The flavour table. Cloud images: small, with virtio and the filesystems as modules.
#include "src/fsfuzz/vm/debian_kernels.h"

#include <cstdlib>

namespace fsfuzz::vm {

const std::vector<DebianFlavour>& DebianFlavours() {
  // "@" is replaced by the mirror. trixie's 6.12 ships bcachefs.ko; bookworm's 6.1 does not.
  static const std::vector<DebianFlavour> kTable = {
      {"debian-6.1",
       {"@/debian bookworm main", "@/debian-security bookworm-security main"},
       "linux-image-cloud-amd64", "6.1."},
      {"debian-6.12",
       {"@/debian trixie main", "@/debian-security trixie-security main"},
       "linux-image-cloud-amd64", "6.12."},
  };
  return kTable;
}

const DebianFlavour* FindDebianFlavour(const std::string& name) {
  for (const auto& f : DebianFlavours())
    if (f.name == name) return &f;
  return nullptr;
}

std::string DebianMirror() {
  const char* m = getenv("FSFUZZ_DEBIAN_MIRROR");
  std::string s = (m && *m) ? m : "http://deb.debian.org";
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

}  // namespace fsfuzz::vm
