// Reads the .modinfo section of a kernel module (ELF64): name=, depends=, alias=, softdep=.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

struct ModInfo {
  std::string name;                    // name= (falls back to the file name)
  std::vector<std::string> depends;    // depends=a,b
  std::vector<std::string> aliases;    // alias=fs-xfs, ...
  std::vector<std::string> softdeps;   // module names from softdep=pre: x y post: z
};

// Parses an uncompressed module image.
Result<ModInfo> ParseModInfo(std::string_view elf);

// "xfs" from ".../kernel/fs/xfs/xfs.ko.xz"; '-' becomes '_' as in the kernel.
std::string ModuleNameFromPath(const std::string& path);
std::string NormalizeModuleName(std::string name);

// Names in a softdep value ("pre: a b post: c" -> a, b, c).
std::vector<std::string> ParseSoftdepValue(std::string_view value);

}  // namespace fsfuzz::vm
