// Resolves a kernel spec to a bootable (vmlinuz, modules dir, version): the host's own
// kernel, a Debian cloud kernel fetched once into the cache, or a user's vmlinuz.
#pragma once

#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/vm/kernel_spec.h"

namespace fsfuzz::vm {

struct KernelFetchOptions {
  std::string cache_dir;  // "" -> DefaultCacheDir()
  bool refresh = false;   // ask the archive for a newer image even when one is cached
  bool offline = false;   // cached kernels only, never the network
};

Result<KernelImage> ResolveKernel(const KernelSpec& spec, const KernelFetchOptions& opts = {});
Result<KernelImage> ResolveKernel(const std::string& spec, const KernelFetchOptions& opts = {});

}  // namespace fsfuzz::vm
