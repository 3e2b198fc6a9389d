// Payload collection: ELF program headers for PT_INTERP, ldd for the library list.
#include "src/fsfuzz/vm/payload.h"

#include <elf.h>

#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <sstream>

#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/subprocess.h"

namespace fsfuzz::vm {

Result<bool> IsStaticElf(const std::string& path) {
  auto data = ReadFile(path);
  if (!data.ok()) return data.status();
  const std::string& d = *data;
  Elf64_Ehdr eh;
  if (d.size() < sizeof eh) return Status::Usage(path + ": not an ELF executable");
  std::memcpy(&eh, d.data(), sizeof eh);
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
      eh.e_machine != EM_X86_64)
    return Status::Usage(path + ": not an x86-64 ELF executable (the guest is x86-64)");
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    Elf64_Phdr ph;
    uint64_t off = eh.e_phoff + uint64_t{i} * sizeof ph;
    if (off > d.size() || d.size() - off < sizeof ph) return Status::Usage(path + ": truncated ELF");
    std::memcpy(&ph, d.data() + off, sizeof ph);
    if (ph.p_type == PT_INTERP) return false;
  }
  return true;
}

Result<std::vector<std::string>> ParseLddOutput(const std::string& out) {
  std::vector<std::string> libs;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.find("=> not found") != std::string::npos)
      return Status::Environment("shared library missing: " + line.substr(line.find_first_not_of(" \t")));
    size_t arrow = line.find("=> ");
    size_t start = arrow != std::string::npos ? arrow + 3 : line.find_first_not_of(" \t");
    if (start == std::string::npos || start >= line.size() || line[start] != '/') continue;  // vdso
    size_t end = line.find(" (", start);
    libs.push_back(line.substr(start, end == std::string::npos ? std::string::npos : end - start));
  }
  return libs;
}

Result<std::vector<GuestFile>> PayloadFiles(const std::string& path, const std::string& guest_dir) {
  // The real file: "/proc/self/exe" must become ".../fsfuzz", not "exe".
  std::error_code ec;
  std::string binary = std::filesystem::canonical(path, ec).string();
  std::string name = binary.substr(binary.rfind('/') + 1);
  if (ec && path == "/proc/self/exe") {
    // The running binary was replaced on disk (a rebuild during a long run): its old inode
    // is still readable through /proc/PID/exe (PID, not self: ldd runs in a child).
    binary = "/proc/" + std::to_string(getpid()) + "/exe";
    name = "fsfuzz";
    ec.clear();
  }
  if (ec) return Status::Usage("payload " + path + ": " + ec.message());
  auto is_static = IsStaticElf(binary);
  if (!is_static.ok()) return is_static.status();
  std::vector<GuestFile> files;
  files.push_back({guest_dir + "/" + name, binary, 0755});
  if (*is_static) return files;
  auto r = Run({"ldd", binary});
  if (!r.ok()) return r.status();
  if (!r->ok()) return Status::Environment("ldd " + binary + ": " + r->err + r->out);
  auto libs = ParseLddOutput(r->out);
  if (!libs.ok()) return Status::Environment(binary + ": " + libs.status().message());
  for (const auto& lib : *libs) files.push_back({lib, lib, 0755});  // same path as on the host
  return files;
}

}  // namespace fsfuzz::vm
