// A kernel's module index: which file holds each module, its dependencies, aliases,
// soft dependencies and what is built in. Read from depmod's files, or generated from the
// modules' own .modinfo (Debian's packages ship no modules.dep: depmod runs at install).
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

struct ModuleIndex {
  std::string dir;                                            // the modules dir
  std::map<std::string, std::string> path;                    // name -> path relative to dir
  std::map<std::string, std::vector<std::string>> deps;       // name -> dependency names
  std::vector<std::pair<std::string, std::string>> aliases;   // (pattern, module name)
  std::map<std::string, std::vector<std::string>> softdeps;   // name -> names or aliases
  std::set<std::string> builtin;                              // built-in module names
  std::set<std::string> builtin_aliases;                      // aliases of built-ins
};

// Reads modules.dep, modules.alias, modules.softdep, modules.builtin and
// modules.builtin.modinfo from dir (only modules.dep is required).
Result<ModuleIndex> LoadModuleIndex(const std::string& dir);

// depmod-lite: scans dir for *.ko[.xz|.zst|.gz], reads each .modinfo and writes
// modules.dep (full dependency lists, depmod's order), modules.alias and modules.softdep.
Status GenerateModuleIndex(const std::string& dir);

}  // namespace fsfuzz::vm
