// fsx's figures on this machine (shared/REFERENCES.md): `fsx -Z -r 4096 -w 4096 -t 4096`
// with other ops off, 1 MiB file, executed ops/s. The Debian packages reachable here do
// not ship fsx, so the figures are quoted, not re-measured.
#pragma once

#include <string_view>

namespace fsfuzz::bench {

struct FsxFigure {
  std::string_view fs;
  double ops_per_s;
};

inline constexpr FsxFigure kFsxFigures[] = {
    {"ext4", 3374}, {"xfs", 3332}, {"btrfs", 2469}, {"tmpfs", 21776}};

// The quoted figure for fs, or 0.
inline double FsxOpsPerSecond(std::string_view fs) {
  for (const FsxFigure& f : kFsxFigures) {
    if (f.fs == fs) return f.ops_per_s;
  }
  return 0;
}

}  // namespace fsfuzz::bench
