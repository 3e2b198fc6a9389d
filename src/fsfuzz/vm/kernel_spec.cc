// Kernel spec parsing; Debian flavours are checked against the table in debian_kernels.
#include "src/fsfuzz/vm/kernel_spec.h"

#include "src/fsfuzz/vm/debian_kernels.h"

namespace fsfuzz::vm {

Result<KernelSpec> ParseKernelSpec(const std::string& text) {
  KernelSpec s;
  s.name = text;
  if (text == "host") {
    s.kind = KernelSpec::Kind::kHost;
    return s;
  }
  if (text.rfind("debian-", 0) == 0) {
    if (!FindDebianFlavour(text)) {
      std::string known;
      for (const auto& f : DebianFlavours()) known += (known.empty() ? "" : ", ") + f.name;
      return Status::Usage("unknown kernel '" + text + "' (known: host, " + known +
                           ", or /path/to/vmlinuz[:/path/to/modules])");
    }
    s.kind = KernelSpec::Kind::kDebian;
    return s;
  }
  if (text.empty() || text[0] != '/')
    return Status::Usage("kernel '" + text + "': expected host, debian-X.Y or an absolute path "
                         "to a vmlinuz[:modules dir]");
  s.kind = KernelSpec::Kind::kPath;
  size_t colon = text.find(':');
  s.vmlinuz = text.substr(0, colon);
  if (colon != std::string::npos) s.modules_dir = text.substr(colon + 1);
  s.name = s.vmlinuz;
  return s;
}

}  // namespace fsfuzz::vm
