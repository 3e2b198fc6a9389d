// Disk images for a VM run, all in the run's private dir: one per test filesystem (mkfs on
// a sparse file, or a fresh sparse copy of a given image) and the results disk, an ext4
// without journal that the host reads back with e2fsck + debugfs (no mount, no loop).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

struct DiskRequest {
  std::string name;                     // guest /mnt/<name>
  std::string fs;                       // ext4 | xfs | btrfs | bcachefs | any mkfs.<fs>
  std::string image;                    // non-empty: copy this (".xz/.zst/.gz": decompressed)
  std::vector<std::string> mkfs_args;   // extra mkfs arguments
  uint64_t size_bytes = 1ull << 30;     // for mkfs-made disks
  std::string mount_options;            // guest mount -o ("" for the defaults)
};

struct DiskImage {
  std::string name;
  std::string fs;
  std::string path;
  std::string serial;
  std::string how;  // "mkfs.xfs -f -q", "copy of X", ...
};

// The pre-formatted bcachefs image used when `bcachefs format` is missing:
// FSFUZZ_BCACHEFS_IMAGE, else the shared one this build knows about ("" if none).
std::string DefaultBcachefsImage();

// The mkfs command for fs on path (without running it); empty argv when fs has no
// mkfs on this host.
std::vector<std::string> MkfsArgv(const std::string& fs, const std::vector<std::string>& extra,
                                  const std::string& path);

// A request with defaults for fs, named after it unless name is given (/mnt/<name>).
DiskRequest DiskFor(const std::string& fs, const std::string& name = "", uint64_t size_bytes = 1ull << 30,
                    const std::string& mount_options = "");

Result<DiskImage> MakeTestDisk(const DiskRequest& req, const std::string& dir);
Result<DiskImage> MakeResultsDisk(const std::string& dir, uint64_t bytes);

// Copies the results filesystem's contents into out_dir (created): e2fsck -fy first, so a
// guest that died mid-write leaves a readable filesystem; then debugfs rdump.
Status ReadResultsDisk(const std::string& image, const std::string& out_dir);

}  // namespace fsfuzz::vm
