// The release string of an x86 bzImage, from its setup header (kernel_version field; see
// the kernel's Documentation/arch/x86/boot.rst), e.g. "6.12.117+deb13-cloud-amd64".
#pragma once

#include <string>
#include <string_view>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

Result<std::string> BzImageVersion(std::string_view image);  // the first word of the string
Result<std::string> BzImageVersionOfFile(const std::string& path);

}  // namespace fsfuzz::vm
