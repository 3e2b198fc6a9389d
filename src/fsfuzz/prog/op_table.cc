// The op table rows (see op_table.h) and the mode word lists.
#include "src/fsfuzz/prog/op_table.h"

#include <array>

namespace fsfuzz {
namespace {

constexpr std::string_view kMapModes[] = {"shared", "private", "aux", "aux_private"};
constexpr std::string_view kMsyncModes[] = {"sync", "async", "invalidate"};
constexpr std::string_view kMadviseModes[] = {"dontneed", "pageout", "cold", "willneed"};
constexpr std::string_view kFallocModes[] = {"alloc", "keep", "punch", "zero", "zero_keep"};
constexpr std::string_view kEvictModes[] = {"fadvise", "drop"};

struct ModeList {
  const std::string_view* words;
  int n;
};

constexpr ModeList ModesOf(OpKind k) {
  switch (k) {
    case OpKind::kMmap: return {kMapModes, 4};
    case OpKind::kMsync: return {kMsyncModes, 3};
    case OpKind::kMadvise: return {kMadviseModes, 4};
    case OpKind::kFallocate: return {kFallocModes, 5};
    case OpKind::kEvict: return {kEvictModes, 2};
    default: return {nullptr, 0};
  }
}

const std::array<OpInfo, kNumOpKinds> kTable = {{
#define FSFUZZ_X(id, name, args, traits, effect, weight, help)                               \
  OpInfo{OpKind::k##id, name, args, traits, effect, weight, help, ModesOf(OpKind::k##id).words, \
         ModesOf(OpKind::k##id).n},
    FSFUZZ_OPS(FSFUZZ_X)
#undef FSFUZZ_X
}};

}  // namespace

const OpInfo& Info(OpKind k) { return kTable[static_cast<size_t>(k)]; }

bool OpKindFromName(std::string_view name, OpKind* out) {
  for (const OpInfo& i : kTable) {
    if (i.name == name) {
      *out = i.kind;
      return true;
    }
  }
  return false;
}

std::string_view ModeName(OpKind k, uint8_t mode) {
  const OpInfo& i = Info(k);
  if (i.modes == nullptr || mode >= i.num_modes) return "";
  return i.modes[mode];
}

bool ModeFromName(OpKind k, std::string_view word, uint8_t* out) {
  const OpInfo& i = Info(k);
  for (int m = 0; m < i.num_modes; ++m) {
    if (i.modes[m] == word) {
      *out = static_cast<uint8_t>(m);
      return true;
    }
  }
  return false;
}

}  // namespace fsfuzz
