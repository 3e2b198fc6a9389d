// mountinfo parsing (see mountinfo.h; format in proc(5)).
#include "src/fsfuzz/testbed/mountinfo.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace fsfuzz {
namespace {

bool IsOctal(char c) { return c >= '0' && c <= '7'; }

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && IsOctal(s[i + 1]) && IsOctal(s[i + 2]) &&
        IsOctal(s[i + 3])) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

std::string MountEntry::AllOptions() const {
  std::vector<std::string> seen;
  std::string out;
  for (const std::string* list : {&mount_options, &super_options}) {
    std::stringstream ss(*list);
    std::string opt;
    while (std::getline(ss, opt, ',')) {
      if (opt.empty() || std::find(seen.begin(), seen.end(), opt) != seen.end()) continue;
      seen.push_back(opt);
      if (!out.empty()) out += ',';
      out += opt;
    }
  }
  return out;
}

std::vector<MountEntry> ParseMountInfo(std::string_view text) {
  std::vector<MountEntry> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::vector<std::string_view> f = Fields(text.substr(pos, nl - pos));
    pos = nl + 1;
    // id parent dev root mountpoint options [optional...] - fstype source superopts
    auto dash = std::find(f.begin(), f.end(), std::string_view("-"));
    if (f.size() < 10 || dash == f.end() || dash - f.begin() < 6 || f.end() - dash < 4) continue;
    MountEntry e;
    e.id = std::atoi(std::string(f[0]).c_str());
    e.parent = std::atoi(std::string(f[1]).c_str());
    e.dev = std::string(f[2]);
    e.root = Unescape(f[3]);
    e.mount_point = Unescape(f[4]);
    e.mount_options = std::string(f[5]);
    e.fs_type = std::string(dash[1]);
    e.source = Unescape(dash[2]);
    e.super_options = std::string(dash[3]);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<MountEntry>> ReadMountInfo(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Io("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseMountInfo(ss.str());
}

bool PathIsUnder(std::string_view path, std::string_view dir) {
  while (dir.size() > 1 && dir.back() == '/') dir.remove_suffix(1);
  if (dir == "/") return !path.empty() && path[0] == '/';
  if (path.size() < dir.size() || path.substr(0, dir.size()) != dir) return false;
  return path.size() == dir.size() || path[dir.size()] == '/';
}

const MountEntry* FindMountFor(const std::vector<MountEntry>& mounts,
                               const std::string& real_path) {
  const MountEntry* best = nullptr;
  for (const MountEntry& m : mounts) {
    if (!PathIsUnder(real_path, m.mount_point)) continue;
    // Later lines are mounted later and shadow earlier ones at the same point.
    if (best == nullptr || m.mount_point.size() >= best->mount_point.size()) best = &m;
  }
  return best;
}

std::vector<std::string> MountsUnder(const std::vector<MountEntry>& mounts,
                                     const std::string& dir) {
  std::vector<std::string> out;
  for (const MountEntry& m : mounts) {
    if (PathIsUnder(m.mount_point, dir)) out.push_back(m.mount_point);
  }
  // Deepest first, and among equals the most recent first (mountinfo order reversed).
  std::reverse(out.begin(), out.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

bool IsMountPoint(const std::string& path) {
  Result<std::vector<MountEntry>> mounts = ReadMountInfo();
  if (!mounts.ok()) return false;
  for (const MountEntry& m : *mounts) {
    if (m.mount_point == path) return true;
  }
  return false;
}

}  // namespace fsfuzz
