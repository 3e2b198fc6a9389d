// Files that appear whole or not at all: written to a temp file in the same directory,
// fsynced, renamed (or linked) into place, and the directory fsynced. Used for traces
// and findings, which must survive the machine hanging right after they are written.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

enum class WriteMode : uint8_t {
  kReplace,    // rename over any existing file
  kCreateNew,  // never replace: fails (and sets *exists) when path already exists
};

// Never leaves a partial file under `path`; the temp file is removed on failure.
// ENOSPC/EDQUOT give kNoSpace, other failures kIo.
Status WriteFileAtomic(const std::string& path, std::string_view contents,
                       WriteMode mode = WriteMode::kReplace, bool* exists = nullptr);

// The whole file (kIo on failure).
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace fsfuzz
