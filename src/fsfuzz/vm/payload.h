// The payload binary copied into the guest: a static binary as is, a dynamic one with its
// loader and shared libraries (found with ldd) at the same paths as on the host.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

struct GuestFile {
  std::string guest_path;  // absolute in the guest
  std::string host_path;
  uint32_t mode = 0644;
};

inline constexpr const char* kGuestBinDir = "/fsfuzz/bin";

// The files that make `binary` runnable in the guest as <guest_dir>/<basename of its real
// path> (so /proc/self/exe works).
Result<std::vector<GuestFile>> PayloadFiles(const std::string& binary,
                                            const std::string& guest_dir = kGuestBinDir);

// Shared-library paths from `ldd` output; "not found" entries are an error.
Result<std::vector<std::string>> ParseLddOutput(const std::string& out);

// True when the ELF has no PT_INTERP (static, including static-pie); errors for
// anything that is not an x86-64 ELF executable.
Result<bool> IsStaticElf(const std::string& path);

}  // namespace fsfuzz::vm
