// A testbed: a freshly made filesystem of one variant, mounted in a work dir of its own,
// with a directory in it for the files under test; torn down on destruction, on error,
// on SIGINT/SIGTERM/SIGHUP, and by `fsfuzz cleanup` after SIGKILL.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/testbed/fs_table.h"
#include "src/fsfuzz/testbed/loop_device.h"
#include "src/fsfuzz/testbed/mount.h"
#include "src/fsfuzz/testbed/teardown.h"
#include "src/fsfuzz/trace/env.h"

namespace fsfuzz {

struct TestbedOptions {
  std::string work_root = "/tmp";       // the work dir is mkdtemp(work_root/fsfuzz-XXXXXX)
  uint64_t image_mib = 512;             // sparse; raised to the variant's minimum
  uint32_t loop_sector = 0;             // 0: the variant's (4096; 512 for ext4-1k)
  bool loop_direct_io = true;
  bool probe = true;                    // measure the Env after mounting
  std::string subdir = "fsfuzz";        // directory in the mount for the files under test
};

class Testbed {
 public:
  // Makes the work dir (with marker), the sparse image, a loop device, the filesystem
  // and the mount, then the subdirectory and (if asked) the Env. Any failure undoes
  // what was done. Environment errors (missing tool, mkfs or mount refused) mean "this
  // variant cannot run here": callers turn them into a skip reason.
  static Result<std::unique_ptr<Testbed>> Create(const Variant& variant,
                                                 const TestbedOptions& options = {});
  ~Testbed();
  Testbed(const Testbed&) = delete;
  Testbed& operator=(const Testbed&) = delete;

  const Variant& variant() const { return variant_; }
  const std::string& dir() const { return dir_; }              // mnt/<subdir>
  const std::string& mount_dir() const { return mount_dir_; }  // work_dir/mnt
  const std::string& work_dir() const { return work_dir_; }
  const std::string& image() const { return image_; }          // "" for tmpfs
  const std::string& loop_path() const { return loop_path_; }  // "" for tmpfs
  bool loop_direct_io() const { return loop_direct_io_; }
  const Env& env() const { return env_; }
  bool torn_down() const { return torn_down_; }

  // Unmounts and mounts again with the same options: a cold page cache with the data
  // on disk. The caller closes its files and mappings first (a busy mount is an error,
  // not a lazy unmount). The loop device is held open across the gap so autoclear does
  // not take it. tmpfs is remounted in place (MS_REMOUNT): unmounting would discard it.
  Status Remount();

  // Unmounts (retrying briefly on EBUSY, then MNT_DETACH), detaches the loop device,
  // removes the image and the work dir. The destructor calls it; errors are returned
  // here and only logged to stderr by the destructor.
  Status Teardown();

 private:
  Testbed(const Variant& v, std::string work_dir);
  Status Build(const TestbedOptions& options);
  MountSpec Spec() const;

  const Variant& variant_;
  std::string work_dir_, mount_dir_, dir_, image_, marker_, loop_path_;
  std::string mount_options_;
  LoopDevice loop_;
  bool loop_direct_io_ = false;
  bool mounted_ = false;
  bool torn_down_ = false;
  TeardownHandle handle_;
  Env env_;
};

// sync, then writes 3 to /proc/sys/vm/drop_caches (root only; affects the whole machine's
// clean page cache, which is the point of `evict` with drop_caches).
Status DropCaches();

}  // namespace fsfuzz
