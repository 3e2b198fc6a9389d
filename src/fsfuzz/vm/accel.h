// Choosing KVM or TCG. Nested KVM may open fine and still fail to run a guest (qemu stops
// with "KVM internal error"), so a failed KVM boot is remembered per host kernel in the
// cache and later runs go straight to TCG.
#pragma once

#include <string>

namespace fsfuzz::vm {

// /dev/kvm opens read-write and no marker says KVM failed on this host kernel.
bool KvmWorthTrying(const std::string& cache_dir);
void MarkKvmBroken(const std::string& cache_dir, const std::string& why);
// Where the marker lives: <cache>/kvm-broken-<host uname -r>.
std::string KvmMarkerPath(const std::string& cache_dir);

}  // namespace fsfuzz::vm
