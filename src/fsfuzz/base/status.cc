// Status helpers.
#include "src/fsfuzz/base/status.h"

#include <cerrno>
#include <cstring>

namespace fsfuzz {

Status Status::FromErrno(const std::string& what, int err) {
  std::string m = what + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return NoSpace(m);
  return Io(m);
}

std::string Status::ToString() const {
  switch (kind_) {
    case ErrorKind::kOk: return "ok";
    case ErrorKind::kUsage: return "usage error: " + message_;
    case ErrorKind::kEnvironment: return "environment: " + message_;
    case ErrorKind::kIo: return "I/O error: " + message_;
    case ErrorKind::kNoSpace: return "no space: " + message_;
    case ErrorKind::kCorrupt: return "corrupt input: " + message_;
    case ErrorKind::kInternal: return "internal error: " + message_;
  }
  return message_;
}

}  // namespace fsfuzz
