// /proc/self/mountinfo parsed: which filesystem a path is on, with which options, and
// what is mounted under a directory (for teardown and `fsfuzz cleanup`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

struct MountEntry {
  int id = 0;
  int parent = 0;
  std::string dev;            // "major:minor"
  std::string root;           // root of the mount within its filesystem
  std::string mount_point;    // unescaped (\040 -> ' ')
  std::string mount_options;  // per-mount: "rw,relatime"
  std::string fs_type;        // "ext4"
  std::string source;         // "/dev/loop3"
  std::string super_options;  // per-superblock: "rw,dioread_nolock"
  // Per-mount then superblock options without repeats, as /proc/mounts shows them.
  std::string AllOptions() const;
};

// Parses mountinfo text; malformed lines are skipped.
std::vector<MountEntry> ParseMountInfo(std::string_view text);

// Reads and parses /proc/self/mountinfo (or `path`).
Result<std::vector<MountEntry>> ReadMountInfo(const std::string& path = "/proc/self/mountinfo");

// The entry whose mount point is the longest prefix of `real_path` (an absolute path
// without symlinks); the last one mounted wins when several share a mount point.
// nullptr when none matches.
const MountEntry* FindMountFor(const std::vector<MountEntry>& mounts, const std::string& real_path);

// Mount points equal to `dir` or below it, deepest first (the order to unmount them).
std::vector<std::string> MountsUnder(const std::vector<MountEntry>& mounts, const std::string& dir);

// True when `path` (absolute, without symlinks) is a mount point right now.
bool IsMountPoint(const std::string& path);

// True when `path` equals `dir` or lies below it (string-wise, both absolute).
bool PathIsUnder(std::string_view path, std::string_view dir);

}  // namespace fsfuzz
