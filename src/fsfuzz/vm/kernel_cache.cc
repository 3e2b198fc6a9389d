// Cache layout and the unpack step (dpkg-deb -x; xz/zstd/gzip -d in batches; index).
#include "src/fsfuzz/vm/kernel_cache.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "src/fsfuzz/vm/bzimage.h"
#include "src/fsfuzz/vm/decompress.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/module_index.h"
#include "src/fsfuzz/vm/subprocess.h"

namespace fsfuzz::vm {
namespace {

// The single entry of dir whose name starts with prefix, or "".
std::string FindEntry(const std::string& dir, const std::string& prefix) {
  std::string found;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d)) {
      std::string n = e->d_name;
      if (n.rfind(prefix, 0) == 0) found = n;
    }
    closedir(d);
  }
  return found;
}

}  // namespace

std::string DefaultCacheDir() {
  if (const char* c = getenv("FSFUZZ_CACHE_DIR"); c && *c) return c;
  if (geteuid() == 0) return "/var/cache/fsfuzz";
  if (const char* x = getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/fsfuzz";
  if (const char* h = getenv("HOME"); h && *h) return std::string(h) + "/.cache/fsfuzz";
  return "/tmp/fsfuzz-cache-" + std::to_string(geteuid());
}

Result<KernelImage> LoadCachedKernel(const std::string& kernels_dir, const std::string& version) {
  std::string dir = kernels_dir + "/" + version;
  if (!PathExists(dir + "/COMPLETE")) return Status::Environment("kernel " + version + " is not in the cache " + kernels_dir);
  KernelImage k;
  k.vmlinuz = dir + "/vmlinuz";
  k.modules_dir = dir + "/modules";
  k.version = version;
  if (auto o = ReadFile(dir + "/origin"); o.ok()) k.origin = *o;
  while (!k.origin.empty() && k.origin.back() == '\n') k.origin.pop_back();
  return k;
}

Status DecompressModulesInPlace(const std::string& dir) {
  std::map<std::string, std::vector<std::string>> by_suffix;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::string p = it->path().string();
    std::string suf = CompressionSuffix(p);
    std::string plain = StripCompressionSuffix(p);
    if (!suf.empty() && plain.size() > 3 && plain.compare(plain.size() - 3, 3, ".ko") == 0)
      by_suffix[suf].push_back(p);
  }
  if (ec) return Status::Io("scan " + dir + ": " + ec.message());
  static const std::map<std::string, std::vector<std::string>> kTool = {
      {".xz", {"xz", "-d", "-q", "--"}}, {".zst", {"zstd", "-d", "-q", "--rm", "--"}},
      {".gz", {"gzip", "-d", "--"}}};
  for (const auto& [suf, files] : by_suffix) {
    for (size_t i = 0; i < files.size(); i += 200) {
      std::vector<std::string> argv = kTool.at(suf);
      for (size_t j = i; j < files.size() && j < i + 200; ++j) argv.push_back(files[j]);
      if (Status s = RunChecked(argv); !s.ok()) return s;
    }
  }
  return Status::Ok();
}

Result<KernelImage> UnpackKernelDeb(const std::string& deb, const std::string& kernels_dir,
                                    const std::string& origin) {
  auto tmp = ScopedTempDir::Create(".unpack-", kernels_dir);
  if (!tmp.ok()) return tmp.status();
  const std::string root = tmp->path() + "/root";
  if (Status s = RunChecked({"dpkg-deb", "-x", deb, root}); !s.ok()) return s;
  std::string vmlinuz_name = FindEntry(root + "/boot", "vmlinuz-");
  if (vmlinuz_name.empty()) return Status::Corrupt(deb + ": no boot/vmlinuz-* in the package");
  const std::string version = vmlinuz_name.substr(8);
  std::string moddir = root + "/usr/lib/modules/" + version;
  if (!IsDir(moddir)) moddir = root + "/lib/modules/" + version;
  if (!IsDir(moddir)) return Status::Corrupt(deb + ": no lib/modules/" + version);
  if (auto v = BzImageVersionOfFile(root + "/boot/" + vmlinuz_name); !v.ok() || *v != version)
    return Status::Corrupt(deb + ": vmlinuz does not say it is " + version);
  if (Status s = DecompressModulesInPlace(moddir); !s.ok()) return s;
  if (Status s = GenerateModuleIndex(moddir); !s.ok()) return s;

  const std::string stage = tmp->path() + "/k";
  if (Status s = MakeDirs(stage); !s.ok()) return s;
  auto mv = [](const std::string& from, const std::string& to) -> Status {
    if (rename(from.c_str(), to.c_str()) != 0) return Status::FromErrno("rename " + from, errno);
    return Status::Ok();
  };
  if (Status s = mv(root + "/boot/" + vmlinuz_name, stage + "/vmlinuz"); !s.ok()) return s;
  if (Status s = mv(moddir, stage + "/modules"); !s.ok()) return s;
  if (PathExists(root + "/boot/config-" + version))
    if (Status s = mv(root + "/boot/config-" + version, stage + "/config"); !s.ok()) return s;
  if (Status s = WriteFile(stage + "/origin", origin + "\n"); !s.ok()) return s;
  if (Status s = WriteFile(stage + "/COMPLETE", ""); !s.ok()) return s;
  const std::string final_dir = kernels_dir + "/" + version;
  std::error_code ec;
  std::filesystem::remove_all(final_dir, ec);  // an incomplete earlier attempt
  if (Status s = mv(stage, final_dir); !s.ok()) return s;
  return LoadCachedKernel(kernels_dir, version);
}

}  // namespace fsfuzz::vm
