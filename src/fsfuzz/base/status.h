// Errors as values at module edges: Status (ok or code + message) and Result<T>.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace fsfuzz {

// Error kinds map onto the CLI exit-code table (base/exit_codes.h).
enum class ErrorKind {
  kOk = 0,
  kUsage,        // bad flag, malformed program text
  kEnvironment,  // missing tool, no root, filesystem unavailable
  kIo,           // a syscall failed where it must not
  kNoSpace,      // ENOSPC / full disk: inconclusive, not a finding
  kCorrupt,      // malformed trace / finding file
  kInternal,
};

class Status {
 public:
  Status() = default;
  Status(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status Usage(std::string m) { return {ErrorKind::kUsage, std::move(m)}; }
  static Status Environment(std::string m) { return {ErrorKind::kEnvironment, std::move(m)}; }
  static Status Io(std::string m) { return {ErrorKind::kIo, std::move(m)}; }
  static Status NoSpace(std::string m) { return {ErrorKind::kNoSpace, std::move(m)}; }
  static Status Corrupt(std::string m) { return {ErrorKind::kCorrupt, std::move(m)}; }
  static Status Internal(std::string m) { return {ErrorKind::kInternal, std::move(m)}; }
  // An Io status from errno, or NoSpace when errno is ENOSPC/EDQUOT.
  static Status FromErrno(const std::string& what, int err);

  bool ok() const { return kind_ == ErrorKind::kOk; }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  std::string ToString() const;

 private:
  ErrorKind kind_ = ErrorKind::kOk;
  std::string message_;
};

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit on purpose
  Result(Status status) : v_(std::move(status)) {}    // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace fsfuzz
