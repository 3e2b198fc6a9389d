// Turns the modules a run needs ("bcachefs", "virtio_blk", "crypto-crc32c") into a load
// order for the guest: hard dependencies first and required, soft dependencies optional,
// built-in modules skipped.
#pragma once

#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/vm/module_index.h"

namespace fsfuzz::vm {

struct ModuleLoad {
  std::string name;
  std::string path;       // relative to the index dir, as found there (maybe compressed)
  bool required = true;   // false: only a soft dependency wants it
};

struct ModulePlan {
  std::vector<ModuleLoad> load;        // insmod in this order
  std::vector<std::string> builtin;    // wanted but built into the kernel
  std::vector<std::string> notes;      // unresolved soft dependencies, ...
};

// Names are module names or aliases. A wanted name that is neither a module nor built in
// is an error naming the kernel's modules dir; a missing optional one is a note.
Result<ModulePlan> ResolveModules(const ModuleIndex& index, const std::vector<std::string>& wanted,
                                  const std::vector<std::string>& optional = {});

struct FsModules {
  std::vector<std::string> required;  // the filesystem itself ("fs-<name>" for unknown ones)
  std::vector<std::string> optional;  // crypto it requests by name at mount time
};
FsModules ModulesForFilesystem(const std::string& fs);

}  // namespace fsfuzz::vm
