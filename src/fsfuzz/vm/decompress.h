// Decompression by file suffix (.xz, .zst, .gz) through the host's xz/zstd/gzip tools.
#pragma once

#include <string>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

// ".xz", ".zst", ".gz" or "" for a path.
std::string CompressionSuffix(const std::string& path);
// path without its compression suffix.
std::string StripCompressionSuffix(const std::string& path);

// Whole contents, decompressed when the suffix says so.
Result<std::string> ReadMaybeCompressed(const std::string& path);
// Writes the decompressed contents of src to a new sparse file dst (images).
Status DecompressToSparseFile(const std::string& src, const std::string& dst);

}  // namespace fsfuzz::vm
