// Reading JSON objects into structs without exceptions: each getter records the first
// error with the path of the offending field ("trace.steps[2].ops[0].ret: expected an
// integer"), so a malformed trace or finding file says what is wrong and where.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "src/fsfuzz/base/bytes.h"

#include "src/fsfuzz/base/status.h"

namespace fsfuzz {

class JsonReader {
 public:
  // `path` names j for messages ("trace", "trace.steps[3]"); j must be an object.
  JsonReader(const nlohmann::json& j, std::string path);

  bool ok() const { return status_.ok(); }
  // kCorrupt with "PATH: message" for the first error, else ok.
  const Status& status() const { return status_; }

  // Each getter leaves *out unchanged when the key is absent (an error if required).
  void Get(const char* key, std::string* out, bool required = false);
  void Get(const char* key, bool* out, bool required = false);
  void Get(const char* key, std::vector<uint8_t>* out, bool required = false);  // base64
  void Get(const char* key, Bytes* out, bool required = false);                 // base64
  void Get(const char* key, std::vector<std::string>* out, bool required = false);
  void Get(const char* key, std::optional<uint64_t>* out, bool required = false);  // null: none
  void GetHex(const char* key, uint64_t* out, bool required = false);              // "0123abcd..." or number
  template <typename T>
  requires(std::is_integral_v<T> && !std::is_same_v<T, bool>) void Get(const char* key, T* out,
                                                                       bool required = false) {
    const nlohmann::json* v = Field(key, required);
    uint64_t bits = 0;  // two's complement for negative values
    if (v != nullptr && ReadInt(*v, static_cast<int64_t>(std::numeric_limits<T>::min()),
                                static_cast<uint64_t>(std::numeric_limits<T>::max()), key, &bits))
      *out = static_cast<T>(bits);
  }

  // The value at key (nullptr when absent, or absent and required: then an error).
  const nlohmann::json* Field(const char* key, bool required = false);
  // The array at key (nullptr when absent or not an array; the latter is an error).
  const nlohmann::json* Array(const char* key, bool required = false);

  // Path of a member / an array element, for nested readers.
  std::string Path(const char* key) const { return path_ + "." + key; }
  std::string Path(const char* key, size_t index) const;

  // Records an error at PATH.key (first error wins); Absorb keeps a nested reader's.
  void Fail(const char* key, const std::string& message);
  void Absorb(const Status& s) {
    if (status_.ok() && !s.ok()) status_ = s;
  }

 private:
  bool ReadInt(const nlohmann::json& v, int64_t min, uint64_t max, const char* key, uint64_t* out);

  const nlohmann::json& j_;
  std::string path_;
  Status status_;
};

}  // namespace fsfuzz
