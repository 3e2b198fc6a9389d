// Minimal ELF64 section walk: find ".modinfo" through the section-name string table.
#include "src/fsfuzz/vm/modinfo.h"

#include <elf.h>

#include <cstring>

namespace fsfuzz::vm {
namespace {

template <typename T>
bool Load(std::string_view elf, uint64_t off, T* out) {
  if (off > elf.size() || elf.size() - off < sizeof(T)) return false;
  std::memcpy(out, elf.data() + off, sizeof(T));
  return true;
}

std::vector<std::string> SplitComma(std::string_view v) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= v.size()) {
    size_t end = v.find(',', pos);
    if (end == std::string_view::npos) end = v.size();
    if (end > pos) out.push_back(NormalizeModuleName(std::string(v.substr(pos, end - pos))));
    pos = end + 1;
  }
  return out;
}

}  // namespace

std::string NormalizeModuleName(std::string name) {
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

std::string ModuleNameFromPath(const std::string& path) {
  std::string base = path.substr(path.rfind('/') + 1);
  size_t ko = base.find(".ko");
  return NormalizeModuleName(ko == std::string::npos ? base : base.substr(0, ko));
}

std::vector<std::string> ParseSoftdepValue(std::string_view value) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < value.size()) {
    while (pos < value.size() && value[pos] == ' ') ++pos;
    size_t end = value.find(' ', pos);
    if (end == std::string_view::npos) end = value.size();
    std::string_view word = value.substr(pos, end - pos);
    if (!word.empty() && word.back() != ':') out.emplace_back(word);
    pos = end;
  }
  return out;
}

Result<ModInfo> ParseModInfo(std::string_view elf) {
  Elf64_Ehdr eh;
  if (!Load(elf, 0, &eh) || std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
      eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
    return Status::Corrupt("not a little-endian ELF64 module");
  if (eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shstrndx >= eh.e_shnum)
    return Status::Corrupt("bad ELF section table");
  Elf64_Shdr strtab;
  if (!Load(elf, eh.e_shoff + uint64_t{eh.e_shstrndx} * sizeof(Elf64_Shdr), &strtab))
    return Status::Corrupt("truncated ELF section table");
  for (unsigned i = 0; i < eh.e_shnum; ++i) {
    Elf64_Shdr sh;
    if (!Load(elf, eh.e_shoff + uint64_t{i} * sizeof(Elf64_Shdr), &sh))
      return Status::Corrupt("truncated ELF section table");
    uint64_t name_off = strtab.sh_offset + sh.sh_name;
    static constexpr char kName[] = ".modinfo";  // compared with its NUL
    if (name_off > elf.size() || elf.size() - name_off < sizeof kName) continue;
    if (std::memcmp(elf.data() + name_off, kName, sizeof kName) != 0) continue;
    if (sh.sh_offset > elf.size() || elf.size() - sh.sh_offset < sh.sh_size)
      return Status::Corrupt("truncated .modinfo");
    std::string_view sec = elf.substr(sh.sh_offset, sh.sh_size);
    ModInfo mi;
    size_t pos = 0;
    while (pos < sec.size()) {
      size_t end = sec.find('\0', pos);
      if (end == std::string_view::npos) end = sec.size();
      std::string_view kv = sec.substr(pos, end - pos);
      pos = end + 1;
      size_t eq = kv.find('=');
      if (eq == std::string_view::npos) continue;
      std::string_view k = kv.substr(0, eq), v = kv.substr(eq + 1);
      if (k == "name") mi.name = NormalizeModuleName(std::string(v));
      else if (k == "depends") mi.depends = SplitComma(v);
      else if (k == "alias") mi.aliases.emplace_back(v);
      else if (k == "softdep") {
        for (auto& s : ParseSoftdepValue(v)) mi.softdeps.push_back(std::move(s));
      }
    }
    return mi;
  }
  return Status::Corrupt("no .modinfo section");
}

}  // namespace fsfuzz::vm
