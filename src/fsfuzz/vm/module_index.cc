// Parsing and writing depmod's text formats (modules.dep: "path: dep-path ...").
#include "src/fsfuzz/vm/module_index.h"

#include <filesystem>
#include <functional>
#include <sstream>

#include "src/fsfuzz/vm/decompress.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/modinfo.h"

namespace fsfuzz::vm {
namespace {

std::vector<std::string> Words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> w;
  for (std::string s; in >> s;) w.push_back(s);
  return w;
}

std::string RelPath(const std::string& dir, const std::string& p) {
  if (p.compare(0, dir.size() + 1, dir + "/") == 0) return p.substr(dir.size() + 1);
  return p;
}

void ParseDep(const std::string& dir, const std::string& text, ModuleIndex* ix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string mod = RelPath(dir, line.substr(0, colon));
    std::string name = ModuleNameFromPath(mod);
    ix->path[name] = mod;
    auto& d = ix->deps[name];
    for (const auto& w : Words(line.substr(colon + 1))) d.push_back(ModuleNameFromPath(w));
  }
}

void ParseAlias(const std::string& text, ModuleIndex* ix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto w = Words(line);
    if (w.size() == 3 && w[0] == "alias") ix->aliases.emplace_back(w[1], NormalizeModuleName(w[2]));
  }
}

void ParseSoftdep(const std::string& text, ModuleIndex* ix) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto w = Words(line);
    if (w.size() < 2 || w[0] != "softdep") continue;
    auto& out = ix->softdeps[NormalizeModuleName(w[1])];
    for (size_t i = 2; i < w.size(); ++i)
      if (w[i].back() != ':') out.push_back(w[i]);
  }
}

// modules.builtin.modinfo: NUL-separated "module.key=value".
void ParseBuiltinModinfo(const std::string& text, ModuleIndex* ix) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\0', pos);
    if (end == std::string::npos) end = text.size();
    std::string kv = text.substr(pos, end - pos);
    pos = end + 1;
    size_t dot = kv.find('.'), eq = kv.find('=');
    if (dot == std::string::npos || eq == std::string::npos || dot > eq) continue;
    std::string mod = NormalizeModuleName(kv.substr(0, dot));
    std::string key = kv.substr(dot + 1, eq - dot - 1);
    ix->builtin.insert(mod);
    if (key == "alias") ix->builtin_aliases.insert(kv.substr(eq + 1));
  }
}

}  // namespace

Result<ModuleIndex> LoadModuleIndex(const std::string& dir) {
  ModuleIndex ix;
  ix.dir = dir;
  auto dep = ReadFile(dir + "/modules.dep");
  if (!dep.ok()) return Status::Environment("no module index in " + dir + ": " + dep.status().message());
  ParseDep(dir, *dep, &ix);
  if (auto a = ReadFile(dir + "/modules.alias"); a.ok()) ParseAlias(*a, &ix);
  if (auto s = ReadFile(dir + "/modules.softdep"); s.ok()) ParseSoftdep(*s, &ix);
  if (auto b = ReadFile(dir + "/modules.builtin"); b.ok()) {
    std::istringstream in(*b);
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) ix.builtin.insert(ModuleNameFromPath(line));
  }
  if (auto bm = ReadFile(dir + "/modules.builtin.modinfo"); bm.ok()) ParseBuiltinModinfo(*bm, &ix);
  return ix;
}

Status GenerateModuleIndex(const std::string& dir) {
  std::map<std::string, std::string> path;
  std::map<std::string, ModInfo> info;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string p = it->path().string();
    std::string plain = StripCompressionSuffix(p);
    if (plain.size() < 3 || plain.compare(plain.size() - 3, 3, ".ko") != 0) continue;
    auto elf = ReadMaybeCompressed(p);
    if (!elf.ok()) return elf.status();
    auto mi = ParseModInfo(*elf);
    if (!mi.ok()) return Status::Corrupt(p + ": " + mi.status().message());
    std::string name = mi->name.empty() ? ModuleNameFromPath(p) : mi->name;
    path[name] = RelPath(dir, p);
    info[name] = std::move(mi.value());
  }
  if (ec) return Status::Io("scan " + dir + ": " + ec.message());

  std::string dep, alias, softdep;
  for (const auto& [name, rel] : path) {
    // depmod's order: a module's full dependency list, the ones to load last first.
    std::vector<std::string> order;
    std::set<std::string> seen{name};
    std::function<void(const std::string&)> visit = [&](const std::string& m) {
      auto it = info.find(m);
      if (it == info.end()) return;
      for (const auto& d : it->second.depends)
        if (seen.insert(d).second) {
          visit(d);
          if (path.count(d)) order.push_back(d);
        }
    };
    visit(name);
    dep += rel + ":";
    for (auto it = order.rbegin(); it != order.rend(); ++it) dep += " " + path[*it];
    dep += "\n";
    for (const auto& a : info[name].aliases) alias += "alias " + a + " " + name + "\n";
    if (!info[name].softdeps.empty()) {
      softdep += "softdep " + name + " pre:";
      for (const auto& s : info[name].softdeps) softdep += " " + s;
      softdep += "\n";
    }
  }
  if (Status s = WriteFile(dir + "/modules.dep", dep); !s.ok()) return s;
  if (Status s = WriteFile(dir + "/modules.alias", alias); !s.ok()) return s;
  return WriteFile(dir + "/modules.softdep", softdep);
}

}  // namespace fsfuzz::vm
