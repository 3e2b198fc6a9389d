// Kernel resolution; Debian kernels via PrivateApt under the cache lock.
#include "src/fsfuzz/vm/kernel_fetch.h"

#include <sys/utsname.h>

#include "src/fsfuzz/vm/apt_private.h"
#include "src/fsfuzz/vm/bzimage.h"
#include "src/fsfuzz/vm/debian_kernels.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/kernel_cache.h"

namespace fsfuzz::vm {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string ModulesDirFor(const std::string& root, const std::string& version) {
  for (const char* base : {"/lib/modules/", "/usr/lib/modules/"}) {
    std::string d = root + base + version;
    if (IsDir(d)) return d;
  }
  return "";
}

Result<KernelImage> HostKernel() {
  utsname u;
  uname(&u);
  const std::string rel = u.release;
  KernelImage k;
  k.version = rel;
  k.vmlinuz = "/boot/vmlinuz-" + rel;
  k.modules_dir = ModulesDirFor("", rel);
  k.origin = "host: " + k.vmlinuz;
  if (!PathExists(k.vmlinuz)) {
    std::string why = "host kernel " + rel + ": " + k.vmlinuz + " does not exist";
    if (k.modules_dir.empty()) why += " and neither does /lib/modules/" + rel;
    return Status::Environment(why + " (this machine's kernel cannot be booted in a VM); use "
                               "--vm debian-6.12, --vm debian-6.1 or --vm /path/to/vmlinuz[:MODDIR]");
  }
  return k;
}

Result<KernelImage> PathKernel(const KernelSpec& spec) {
  if (!PathExists(spec.vmlinuz)) return Status::Usage("kernel image " + spec.vmlinuz + " does not exist");
  auto v = BzImageVersionOfFile(spec.vmlinuz);
  if (!v.ok()) return v.status();
  KernelImage k;
  k.vmlinuz = spec.vmlinuz;
  k.version = *v;
  k.origin = "path: " + spec.vmlinuz;
  if (!spec.modules_dir.empty()) {
    if (!IsDir(spec.modules_dir)) return Status::Usage("modules dir " + spec.modules_dir + " does not exist");
    k.modules_dir = spec.modules_dir;
  } else {
    // An unpacked tree: <root>/boot/vmlinuz-V beside <root>/lib/modules/V.
    std::string boot = spec.vmlinuz.substr(0, spec.vmlinuz.rfind('/'));
    k.modules_dir = ModulesDirFor(boot + "/..", k.version);
  }
  return k;
}

Result<KernelImage> DebianKernel(const DebianFlavour& f, const KernelFetchOptions& opts) {
  const std::string kernels = (opts.cache_dir.empty() ? DefaultCacheDir() : opts.cache_dir) + "/kernels";
  if (Status s = MakeDirs(kernels); !s.ok()) return s;
  auto lock = FileLock::Acquire(kernels + "/lock");  // one fetch at a time per cache
  if (!lock.ok()) return lock.status();
  const std::string current = kernels + "/" + f.name + ".current";
  if (!opts.refresh) {
    if (auto v = ReadFile(current); v.ok())
      if (auto k = LoadCachedKernel(kernels, Trim(*v)); k.ok()) return k;
  }
  if (opts.offline) return Status::Environment(f.name + ": not in the cache " + kernels + " (offline)");

  std::vector<std::string> sources;
  for (std::string s : f.sources) sources.push_back(s.replace(0, 1, DebianMirror()));
  auto apt = PrivateApt::Create(kernels + "/apt/" + f.name, sources, kDebianKeyring);
  if (!apt.ok()) return apt.status();
  if (Status s = apt->Update(); !s.ok()) return s;
  auto deps = apt->Depends(f.metapackage);
  if (!deps.ok()) return deps.status();
  std::string image;
  for (const auto& d : *deps)
    if (d.rfind("linux-image-" + f.version_prefix, 0) == 0) image = d;
  if (image.empty())
    return Status::Environment(f.name + ": " + f.metapackage + " does not depend on a linux-image-" +
                               f.version_prefix + "* package in these suites");
  const std::string version = image.substr(std::string("linux-image-").size());
  if (auto k = LoadCachedKernel(kernels, version); k.ok()) {
    if (Status s = WriteFile(current, version + "\n"); !s.ok()) return s;
    return k;
  }
  auto dl = ScopedTempDir::Create(".download-", kernels);
  if (!dl.ok()) return dl.status();
  auto deb = apt->Download(image, dl->path());
  if (!deb.ok()) return deb.status();
  std::string debname = deb->substr(deb->rfind('/') + 1);
  auto k = UnpackKernelDeb(*deb, kernels, f.name + ": " + debname);
  if (!k.ok()) return k.status();
  if (Status s = WriteFile(current, version + "\n"); !s.ok()) return s;
  return k;
}

}  // namespace

Result<KernelImage> ResolveKernel(const KernelSpec& spec, const KernelFetchOptions& opts) {
  switch (spec.kind) {
    case KernelSpec::Kind::kHost: return HostKernel();
    case KernelSpec::Kind::kPath: return PathKernel(spec);
    case KernelSpec::Kind::kDebian: {
      const DebianFlavour* f = FindDebianFlavour(spec.name);
      if (!f) return Status::Usage("unknown kernel " + spec.name);
      return DebianKernel(*f, opts);
    }
  }
  return Status::Internal("bad kernel spec kind");
}

Result<KernelImage> ResolveKernel(const std::string& spec, const KernelFetchOptions& opts) {
  auto s = ParseKernelSpec(spec);
  if (!s.ok()) return s.status();
  return ResolveKernel(*s, opts);
}

}  // namespace fsfuzz::vm
