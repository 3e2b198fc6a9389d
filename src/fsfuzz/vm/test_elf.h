// Test helper: a minimal ELF64 relocatable with a .modinfo section, like a kernel module.
#pragma once

#include <elf.h>

#include <cstring>
#include <string>
#include <vector>

namespace fsfuzz::vm::testing {

// modinfo: "key=value" entries, NUL-separated in the section.
inline std::string MakeModuleElf(const std::vector<std::string>& modinfo) {
  std::string info;
  for (const auto& kv : modinfo) info += kv + '\0';
  const std::string shstr = std::string("\0.modinfo\0.shstrtab\0", 20);
  const size_t info_off = sizeof(Elf64_Ehdr);
  const size_t shstr_off = info_off + info.size();
  const size_t sh_off = (shstr_off + shstr.size() + 7) & ~size_t{7};
  Elf64_Ehdr eh = {};
  std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
  eh.e_ident[EI_CLASS] = ELFCLASS64;
  eh.e_ident[EI_DATA] = ELFDATA2LSB;
  eh.e_ident[EI_VERSION] = EV_CURRENT;
  eh.e_type = ET_REL;
  eh.e_machine = EM_X86_64;
  eh.e_version = EV_CURRENT;
  eh.e_ehsize = sizeof(Elf64_Ehdr);
  eh.e_shoff = sh_off;
  eh.e_shentsize = sizeof(Elf64_Shdr);
  eh.e_shnum = 3;
  eh.e_shstrndx = 2;
  Elf64_Shdr sh[3] = {};
  sh[1].sh_name = 1;  // ".modinfo"
  sh[1].sh_type = SHT_PROGBITS;
  sh[1].sh_offset = info_off;
  sh[1].sh_size = info.size();
  sh[2].sh_name = 10;  // ".shstrtab"
  sh[2].sh_type = SHT_STRTAB;
  sh[2].sh_offset = shstr_off;
  sh[2].sh_size = shstr.size();
  std::string out(reinterpret_cast<const char*>(&eh), sizeof eh);
  out += info + shstr;
  out.resize(sh_off, '\0');
  out.append(reinterpret_cast<const char*>(sh), sizeof sh);
  return out;
}

}  // namespace fsfuzz::vm::testing
