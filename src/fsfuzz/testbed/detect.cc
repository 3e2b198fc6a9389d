// Variant availability checks (see detect.h).
#include "src/fsfuzz/testbed/detect.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "src/fsfuzz/testbed/probe.h"
#include "src/fsfuzz/testbed/process.h"

namespace fsfuzz {
namespace {

std::string ReadProcFilesystems() {
  std::ifstream in("/proc/filesystems");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += "; ";
    out += p;
  }
  return out;
}

}  // namespace

bool FilesystemListed(const std::string& text, const std::string& fs_type) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    // "nodev\ttmpfs" or "\text4": the name is the last tab-separated field.
    size_t tab = line.rfind('\t');
    std::string name = tab == std::string::npos ? line : line.substr(tab + 1);
    if (name == fs_type) return true;
  }
  return false;
}

bool KernelHasFilesystem(const std::string& fs_type) {
  return FilesystemListed(ReadProcFilesystems(), fs_type);
}

std::optional<std::string> SkipReason(const Variant& v) {
  std::vector<std::string> why;
  const std::string type(v.fs_type);
  if (::geteuid() != 0) {
    why.push_back("not root (a testbed needs mount(2)" +
                  std::string(v.loop ? " and loop devices" : "") + "; use --dir DIR instead)");
  }
  if (!KernelHasFilesystem(type)) {
    // A module may provide it; ask quietly, and only where a modprobe exists.
    if (FindProgram("modprobe")) (void)RunCommand({"modprobe", "-q", type});
    if (!KernelHasFilesystem(type)) {
      why.push_back("not in /proc/filesystems (kernel " + KernelRelease() + " has no " + type +
                    " support)");
    }
  }
  if (!v.mkfs.empty() && !FindProgram(std::string(v.mkfs))) {
    std::string m = std::string(v.mkfs) + " not found";
    if (v.fs_type == "bcachefs") {
      m += " (no Debian package ships bcachefs-tools; build it from source)";
    } else if (!v.package.empty()) {
      m += " (Debian package: " + std::string(v.package) + ")";
    }
    why.push_back(m);
  }
  if (v.loop && ::access("/dev/loop-control", F_OK) != 0) {
    why.push_back("/dev/loop-control missing (no loop driver)");
  }
  if (why.empty()) return std::nullopt;
  return std::string(v.name) + ": " + Join(why);
}

}  // namespace fsfuzz
