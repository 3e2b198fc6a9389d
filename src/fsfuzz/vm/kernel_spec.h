// What `--vm KERNEL` names: "host", a Debian flavour ("debian-6.1", "debian-6.12"), or a
// user's vmlinuz with an optional modules dir ("/path/vmlinuz[:/path/lib/modules/VER]").
#pragma once

#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

struct KernelSpec {
  enum class Kind { kHost, kDebian, kPath };
  Kind kind = Kind::kDebian;
  std::string name;         // "host", "debian-6.12", or the vmlinuz path
  std::string vmlinuz;      // kPath
  std::string modules_dir;  // kPath, may be empty (then looked up beside the vmlinuz)
};

Result<KernelSpec> ParseKernelSpec(const std::string& text);

// A kernel ready to boot.
struct KernelImage {
  std::string vmlinuz;
  std::string modules_dir;  // lib/modules/VERSION with a module index; "" if none
  std::string version;      // uname -r of the guest
  std::string origin;       // "debian-6.12: linux-image-6.12.117+deb13-cloud-amd64 6.12.117-1"
};

}  // namespace fsfuzz::vm
