// JSON field reading with paths (see json_reader.h).
#include "src/fsfuzz/trace/json_reader.h"

#include "src/fsfuzz/trace/base64.h"

namespace fsfuzz {

JsonReader::JsonReader(const nlohmann::json& j, std::string path) : j_(j), path_(std::move(path)) {
  if (!j_.is_object()) status_ = Status::Corrupt(path_ + ": expected an object");
}

std::string JsonReader::Path(const char* key, size_t index) const {
  return Path(key) + "[" + std::to_string(index) + "]";
}

void JsonReader::Fail(const char* key, const std::string& message) {
  if (status_.ok()) status_ = Status::Corrupt(Path(key) + ": " + message);
}

const nlohmann::json* JsonReader::Field(const char* key, bool required) {
  if (!ok()) return nullptr;
  auto it = j_.find(key);
  if (it == j_.end()) {
    if (required) Fail(key, "missing");
    return nullptr;
  }
  return &*it;
}

const nlohmann::json* JsonReader::Array(const char* key, bool required) {
  const nlohmann::json* v = Field(key, required);
  if (v != nullptr && !v->is_array()) {
    Fail(key, "expected an array");
    return nullptr;
  }
  return v;
}

bool JsonReader::ReadInt(const nlohmann::json& v, int64_t min, uint64_t max, const char* key, uint64_t* out) {
  if (v.is_number_unsigned()) {
    const uint64_t u = v.get<uint64_t>();
    if (u <= max) {
      *out = u;
      return true;
    }
  } else if (v.is_number_integer()) {
    const int64_t s = v.get<int64_t>();
    if (s >= min && (s < 0 || static_cast<uint64_t>(s) <= max)) {
      *out = static_cast<uint64_t>(s);
      return true;
    }
  } else {
    Fail(key, "expected an integer");
    return false;
  }
  Fail(key, "integer out of range");
  return false;
}

void JsonReader::Get(const char* key, std::string* out, bool required) {
  const nlohmann::json* v = Field(key, required);
  if (v == nullptr) return;
  if (!v->is_string()) return Fail(key, "expected a string");
  *out = v->get_ref<const std::string&>();
}

void JsonReader::Get(const char* key, bool* out, bool required) {
  const nlohmann::json* v = Field(key, required);
  if (v == nullptr) return;
  if (!v->is_boolean()) return Fail(key, "expected true or false");
  *out = v->get<bool>();
}

void JsonReader::Get(const char* key, std::vector<uint8_t>* out, bool required) {
  const nlohmann::json* v = Field(key, required);
  if (v == nullptr) return;
  if (!v->is_string() || !Base64Decode(v->get_ref<const std::string&>(), out))
    Fail(key, "expected a base64 string");
}

void JsonReader::Get(const char* key, Bytes* out, bool required) {
  std::vector<uint8_t> v = ToVector(*out);  // left as it was when the key is absent
  Get(key, &v, required);
  *out = ToBytes(v);
}

void JsonReader::Get(const char* key, std::vector<std::string>* out, bool required) {
  const nlohmann::json* v = Array(key, required);
  if (v == nullptr) return;
  std::vector<std::string> r;
  for (const nlohmann::json& e : *v) {
    if (!e.is_string()) return Fail(key, "expected an array of strings");
    r.push_back(e.get<std::string>());
  }
  *out = std::move(r);
}

void JsonReader::Get(const char* key, std::optional<uint64_t>* out, bool required) {
  const nlohmann::json* v = Field(key, required);
  if (v == nullptr) return;
  if (v->is_null()) {
    out->reset();
    return;
  }
  uint64_t u = 0;
  if (ReadInt(*v, 0, UINT64_MAX, key, &u)) *out = u;
}

void JsonReader::GetHex(const char* key, uint64_t* out, bool required) {
  const nlohmann::json* v = Field(key, required);
  if (v == nullptr) return;
  if (!v->is_string()) {
    ReadInt(*v, 0, UINT64_MAX, key, out);
    return;
  }
  const std::string& s = v->get_ref<const std::string&>();
  uint64_t r = 0;
  if (s.empty() || s.size() > 16) return Fail(key, "expected up to 16 hex digits");
  for (char c : s) {
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return Fail(key, "expected up to 16 hex digits");
    r = r << 4 | static_cast<uint64_t>(d);
  }
  *out = r;
}

}  // namespace fsfuzz
