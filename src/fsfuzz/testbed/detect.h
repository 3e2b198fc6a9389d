// Whether a testbed variant can run on this machine, and if not, one line saying why
// (never a fake filesystem in its place).
#pragma once

#include <optional>
#include <string>

#include "src/fsfuzz/testbed/fs_table.h"

namespace fsfuzz {

// True when `fs_type` is listed in /proc/filesystems (text given for tests).
bool KernelHasFilesystem(const std::string& fs_type);
bool FilesystemListed(const std::string& proc_filesystems_text, const std::string& fs_type);

// nullopt when the variant can be tried here; otherwise why not, in one line, e.g.
// "bcachefs: not in /proc/filesystems (kernel 6.18.44 has no bcachefs); bcachefs tool
// missing (no Debian package ships bcachefs-tools)". Checks root, the kernel (running
// modprobe first, quietly, if a modprobe binary exists), the mkfs tool and
// /dev/loop-control. A filesystem that formats but does not mount (f2fs here) is only
// found when Testbed::Create tries; its Environment error is then the skip reason.
std::optional<std::string> SkipReason(const Variant& v);

}  // namespace fsfuzz
