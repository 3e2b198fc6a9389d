// Depth-first resolution over the module index, with alias lookup by fnmatch().
#include "src/fsfuzz/vm/module_resolve.h"

#include <fnmatch.h>

#include <functional>
#include <map>

#include "src/fsfuzz/vm/modinfo.h"

namespace fsfuzz::vm {
namespace {

enum class Kind { kModule, kBuiltin, kMissing };

Kind Lookup(const ModuleIndex& ix, const std::string& want, std::string* module) {
  std::string n = NormalizeModuleName(want);
  if (ix.path.count(n)) {
    *module = n;
    return Kind::kModule;
  }
  if (ix.builtin.count(n) || ix.builtin_aliases.count(want)) return Kind::kBuiltin;
  for (const auto& [pattern, mod] : ix.aliases) {
    if (fnmatch(pattern.c_str(), want.c_str(), 0) == 0 && ix.path.count(mod)) {
      *module = mod;
      return Kind::kModule;
    }
  }
  return Kind::kMissing;
}

}  // namespace

FsModules ModulesForFilesystem(const std::string& fs) {
  // Soft dependencies come from the index; these are requested by name at mount time.
  static const std::map<std::string, std::vector<std::string>> kCrypto = {
      {"bcachefs", {"crypto-chacha20", "crypto-poly1305", "crypto-sha256", "crypto-crc32c"}},
      {"btrfs", {"crypto-crc32c"}},
      {"ext4", {"crypto-crc32c"}},
      {"xfs", {"crypto-crc32c"}},
  };
  FsModules m;
  m.required = {kCrypto.count(fs) ? fs : "fs-" + fs};
  if (auto it = kCrypto.find(fs); it != kCrypto.end()) m.optional = it->second;
  return m;
}

Result<ModulePlan> ResolveModules(const ModuleIndex& ix, const std::vector<std::string>& wanted,
                                  const std::vector<std::string>& optional) {
  ModulePlan plan;
  std::map<std::string, size_t> placed;  // module -> index in plan.load
  std::set<std::string> visiting;
  Status err;
  std::function<void(const std::string&, bool)> visit = [&](const std::string& want,
                                                            bool required) {
    if (!err.ok()) return;
    std::string mod;
    switch (Lookup(ix, want, &mod)) {
      case Kind::kBuiltin:
        plan.builtin.push_back(want);
        return;
      case Kind::kMissing:
        if (required) {
          err = Status::Environment("kernel module '" + want + "' is neither in " + ix.dir +
                                    " nor built in");
        } else {
          plan.notes.push_back("soft dependency '" + want + "' not found: skipped");
        }
        return;
      case Kind::kModule:
        break;
    }
    if (auto it = placed.find(mod); it != placed.end()) {
      if (required && !plan.load[it->second].required) {  // promote it and its hard deps
        plan.load[it->second].required = true;
        if (auto d = ix.deps.find(mod); d != ix.deps.end())
          for (const auto& dep : d->second) visit(dep, true);
      }
      return;
    }
    if (!visiting.insert(mod).second) return;  // dependency cycle: depmod forbids them
    if (auto s = ix.softdeps.find(mod); s != ix.softdeps.end())
      for (const auto& d : s->second) visit(d, false);
    // modules.dep lists the dependency to load first last.
    if (auto d = ix.deps.find(mod); d != ix.deps.end())
      for (auto it = d->second.rbegin(); it != d->second.rend(); ++it) visit(*it, required);
    visiting.erase(mod);
    placed[mod] = plan.load.size();
    plan.load.push_back({mod, ix.path.at(mod), required});
  };
  for (const auto& w : wanted) visit(w, true);
  for (const auto& w : optional) visit(w, false);
  if (!err.ok()) return err;
  return plan;
}

}  // namespace fsfuzz::vm
