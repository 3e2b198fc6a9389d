// Variant lookup and `--fs` list parsing (see fs_table.h).
#include "src/fsfuzz/testbed/fs_table.h"

#include <algorithm>

namespace fsfuzz {

const Variant* FindVariant(std::string_view name) {
  for (const Variant& v : kVariants) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::string VariantNames() {
  std::string out;
  for (const Variant& v : kVariants) {
    if (!out.empty()) out += ", ";
    out += v.name;
  }
  return out;
}

std::vector<std::string> SplitArgs(std::string_view args) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < args.size()) {
    while (i < args.size() && args[i] == ' ') ++i;
    size_t j = i;
    while (j < args.size() && args[j] != ' ') ++j;
    if (j > i) out.emplace_back(args.substr(i, j - i));
    i = j;
  }
  return out;
}

Result<std::vector<const Variant*>> ParseVariantList(std::string_view list) {
  std::vector<const Variant*> out;
  auto add = [&out](const Variant* v) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  };
  size_t i = 0;
  while (i <= list.size()) {
    size_t j = list.find(',', i);
    if (j == std::string_view::npos) j = list.size();
    std::string_view item = list.substr(i, j - i);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == "all") {
      for (const Variant& v : kVariants) add(&v);
    } else if (const Variant* v = FindVariant(item)) {
      add(v);
    } else {
      return Status::Usage("unknown filesystem variant '" + std::string(item) +
                           "' (known: " + VariantNames() + ", all)");
    }
    i = j + 1;
  }
  return out;
}

}  // namespace fsfuzz
