// Disk images: mkfs / sparse copies on the host, results read back with e2fsprogs.
#include "src/fsfuzz/vm/disk_image.h"

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "src/fsfuzz/vm/child_process.h"
#include "src/fsfuzz/vm/decompress.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/guest_plan.h"
#include "src/fsfuzz/vm/subprocess.h"

#ifndef FSFUZZ_SHARED_IMAGES_DIR
#define FSFUZZ_SHARED_IMAGES_DIR ""
#endif

namespace fsfuzz::vm {

std::string DefaultBcachefsImage() {
  if (const char* e = getenv("FSFUZZ_BCACHEFS_IMAGE"); e && *e) return e;
  // The shared images beside the source tree the binary was built from, else the
  // workplace's fixed location (a CI clone may live elsewhere).
  for (std::string dir : {std::string(FSFUZZ_SHARED_IMAGES_DIR), std::string("/work/shared/images")}) {
    if (dir.empty()) continue;
    std::string img = dir + "/bcachefs-1g-4k.img.xz";
    if (PathExists(img)) return img;
  }
  return "";
}

std::vector<std::string> MkfsArgv(const std::string& fs, const std::vector<std::string>& extra,
                                  const std::string& path) {
  std::vector<std::string> argv;
  if (fs == "ext4" || fs == "ext3" || fs == "ext2") argv = {"mkfs." + fs, "-F", "-q"};
  else if (fs == "xfs" || fs == "btrfs") argv = {"mkfs." + fs, "-f", "-q"};
  else if (fs == "bcachefs") argv = {"bcachefs", "format", "-q"};
  else argv = {"mkfs." + fs};
  if (FindTool(argv[0]).empty()) return {};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(path);
  return argv;
}

DiskRequest DiskFor(const std::string& fs, const std::string& name, uint64_t size_bytes,
                    const std::string& mount_options) {
  DiskRequest r;
  r.fs = fs;
  r.name = name.empty() ? fs : name;
  r.size_bytes = size_bytes;
  r.mount_options = mount_options;
  return r;
}

Result<DiskImage> MakeTestDisk(const DiskRequest& req, const std::string& dir) {
  if (Status s = ValidateDiskName(req.name); !s.ok()) return s;
  DiskImage d{req.name, req.fs, dir + "/disk-" + req.name + ".img", DiskSerial(req.name), ""};
  std::string image = req.image;
  std::vector<std::string> mkfs;
  if (image.empty()) {
    mkfs = MkfsArgv(req.fs, req.mkfs_args, d.path);
    if (mkfs.empty() && req.fs == "bcachefs") image = DefaultBcachefsImage();
    if (mkfs.empty() && image.empty())
      return Status::Environment(req.fs == "bcachefs"
                                     ? "bcachefs: no `bcachefs format` on this host and no "
                                       "pre-formatted image (set FSFUZZ_BCACHEFS_IMAGE or --image)"
                                     : req.fs + ": no mkfs." + req.fs + " on this host");
  }
  if (!image.empty()) {
    if (!PathExists(image)) return Status::Usage("image " + image + " does not exist");
    if (Status s = DecompressToSparseFile(image, d.path); !s.ok()) return s;
    d.how = "fresh sparse copy of " + image;
    return d;
  }
  if (Status s = CreateSparseFile(d.path, req.size_bytes); !s.ok()) return s;
  if (Status s = RunChecked(mkfs); !s.ok()) return s;
  d.how = JoinArgv(std::vector<std::string>(mkfs.begin(), mkfs.end() - 1));
  return d;
}

Result<DiskImage> MakeResultsDisk(const std::string& dir, uint64_t bytes) {
  DiskImage d{"results", "ext4", dir + "/results.img", kResultsSerial, ""};
  if (Status s = CreateSparseFile(d.path, bytes); !s.ok()) return s;
  // No journal: what the guest fsynced is in place even if it dies before a checkpoint,
  // and debugfs (which does not replay journals) sees it.
  std::vector<std::string> argv = {"mkfs.ext4", "-F", "-q", "-O", "^has_journal", "-L",
                                   "fsfuzz-results", "-E", "root_owner=0:0", d.path};
  if (Status s = RunChecked(argv); !s.ok()) return s;
  d.how = JoinArgv(argv);
  return d;
}

Status ReadResultsDisk(const std::string& image, const std::string& out_dir) {
  // 0: clean, 1: errors corrected; anything else means it could not be repaired.
  if (Status s = RunChecked({"e2fsck", "-fy", image}, {}, {0, 1}); !s.ok()) return s;
  if (Status s = MakeDirs(out_dir); !s.ok()) return s;
  auto r = Run({"debugfs", "-R", "rdump / \"" + out_dir + "\"", image});
  if (!r.ok()) return r.status();
  if (!r->ok()) return Status::Io("debugfs rdump " + image + ": " + r->err);
  // debugfs reports per-file failures on stderr but still exits 0. Not root, it cannot
  // chown the copies to the guest's uid 0: that one is expected and harmless.
  std::istringstream err(r->err);
  for (std::string line; std::getline(err, line);) {
    if (line.find("while changing ownership") != std::string::npos) continue;
    for (const char* bad : {"rdump: ", "dump_file: ", "Unable to"})
      if (line.find(bad) != std::string::npos) return Status::Io("debugfs rdump " + image + ": " + line);
  }
  std::error_code ec;
  std::filesystem::remove(out_dir + "/lost+found", ec);  // only if empty
  return Status::Ok();
}

}  // namespace fsfuzz::vm
