// The kernel cache: Debian kernels unpacked once, with modules decompressed and indexed,
// reused by later runs. Layout under <cache>/kernels: lock, apt/<flavour>/ (private apt
// state), <flavour>.current (the version last fetched), and <version>/ holding vmlinuz,
// modules/ (lib/modules/<version>), config, origin and COMPLETE.
#pragma once

#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/vm/kernel_spec.h"

namespace fsfuzz::vm {

// FSFUZZ_CACHE_DIR; else /var/cache/fsfuzz for root; else $XDG_CACHE_HOME/fsfuzz or
// ~/.cache/fsfuzz.
std::string DefaultCacheDir();

// A complete unpacked kernel <kernels_dir>/<version>, or an error if absent/incomplete.
Result<KernelImage> LoadCachedKernel(const std::string& kernels_dir, const std::string& version);

// Unpacks a linux-image .deb into <kernels_dir>/<version> (replacing an incomplete one):
// dpkg-deb -x, modules decompressed in place, module index generated. The caller holds
// the cache lock.
Result<KernelImage> UnpackKernelDeb(const std::string& deb, const std::string& kernels_dir,
                                    const std::string& origin);

// Decompresses every *.ko.xz / *.ko.zst / *.ko.gz under dir in place (batched tool runs).
Status DecompressModulesInPlace(const std::string& dir);

}  // namespace fsfuzz::vm
