// apt-get/apt-cache via fork/exec with -o Dir::... options.
#include "src/fsfuzz/vm/apt_private.h"

#include <dirent.h>
#include <unistd.h>

#include <chrono>
#include <sstream>

#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/subprocess.h"

namespace fsfuzz::vm {
namespace {

constexpr std::chrono::minutes kNetTimeout{15};

std::vector<std::string> Cmd(const std::string& tool, const std::vector<std::string>& opts,
                             std::initializer_list<std::string> rest) {
  std::vector<std::string> argv{tool};
  argv.insert(argv.end(), opts.begin(), opts.end());
  argv.insert(argv.end(), rest);
  return argv;
}

}  // namespace

Result<PrivateApt> PrivateApt::Create(const std::string& root,
                                      const std::vector<std::string>& sources,
                                      const std::string& keyring) {
  for (const char* d : {"/lists/partial", "/cache/archives/partial", "/sources.list.d",
                        "/preferences.d"})
    if (Status s = MakeDirs(root + d); !s.ok()) return s;
  std::string list;
  for (const auto& src : sources) list += "deb [signed-by=" + keyring + "] " + src + "\n";
  if (Status s = WriteFile(root + "/sources.list", list); !s.ok()) return s;
  if (!PathExists(root + "/status"))
    if (Status s = WriteFile(root + "/status", ""); !s.ok()) return s;
  PrivateApt a;
  a.root_ = root;
  return a;
}

std::vector<std::string> PrivateApt::Options() const {
  std::vector<std::string> o;
  auto opt = [&](const std::string& kv) {
    o.push_back("-o");
    o.push_back(kv);
  };
  opt("Dir::Etc::SourceList=" + root_ + "/sources.list");
  opt("Dir::Etc::SourceParts=" + root_ + "/sources.list.d");
  opt("Dir::Etc::Preferences=" + root_ + "/preferences");
  opt("Dir::Etc::PreferencesParts=" + root_ + "/preferences.d");
  opt("Dir::State::Lists=" + root_ + "/lists");
  opt("Dir::State::status=" + root_ + "/status");
  opt("Dir::Cache=" + root_ + "/cache");
  opt("APT::Architecture=amd64");
  opt("APT::Architectures=amd64");
  opt("Acquire::Languages=none");
  // As root apt would download as _apt, which cannot write into our cache dirs.
  if (geteuid() == 0) opt("APT::Sandbox::User=root");
  return o;
}

Status PrivateApt::Update() {
  RunOptions ro;
  ro.timeout = kNetTimeout;
  auto argv = Cmd("apt-get", Options(), {"-q", "update"});
  auto r = Run(argv, ro);
  if (!r.ok()) return r.status();
  // apt-get update exits 0 even when a source failed; "W:"/"E:" lines say so.
  if (!r->ok() || r->err.find("E: ") != std::string::npos ||
      r->err.find("W: Failed to fetch") != std::string::npos ||
      r->err.find("NO_PUBKEY") != std::string::npos || r->err.find("not signed") != std::string::npos)
    return Status::Environment(JoinArgv({"apt-get", "update"}) + " (private config in " + root_ +
                               ") failed: " + r->err);
  return Status::Ok();
}

Result<std::vector<std::string>> PrivateApt::Depends(const std::string& pkg) {
  auto r = Run(Cmd("apt-cache", Options(), {"depends", "--important", pkg}));
  if (!r.ok()) return r.status();
  if (!r->ok()) return Status::Environment("apt-cache depends " + pkg + ": " + r->err);
  std::vector<std::string> deps;
  std::istringstream in(r->out);
  for (std::string line; std::getline(in, line);) {
    size_t p = line.find("Depends: ");
    if (p == std::string::npos) continue;
    std::string name = line.substr(p + 9);
    if (!name.empty() && name[0] != '<') deps.push_back(name);
  }
  return deps;
}

Result<std::string> PrivateApt::Download(const std::string& pkg, const std::string& dir) {
  RunOptions ro;
  ro.cwd = dir;
  ro.timeout = kNetTimeout;
  if (Status s = RunChecked(Cmd("apt-get", Options(), {"-q", "download", pkg}), ro); !s.ok())
    return s;
  DIR* d = opendir(dir.c_str());
  if (!d) return Status::Io("opendir " + dir);
  std::string found;
  while (dirent* e = readdir(d)) {
    std::string n = e->d_name;
    if (n.rfind(pkg + "_", 0) == 0 && n.size() > 4 && n.compare(n.size() - 4, 4, ".deb") == 0)
      found = dir + "/" + n;
  }
  closedir(d);
  if (found.empty()) return Status::Io("apt-get download " + pkg + ": no .deb in " + dir);
  return found;
}

}  // namespace fsfuzz::vm
