// Bytes: a byte vector whose resize leaves new bytes uninitialized. The executor sizes a
// buffer and then reads into it at once (pread, a copy through a mapping), so zero-filling
// it first was pure cost: 5% of a checking run's cycles on tmpfs (perf).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <utility>
#include <vector>

namespace fsfuzz {

// std::allocator, except that value-initialization (resize(n), vector(n)) becomes
// default-initialization, which for uint8_t leaves the bytes as they are.
template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  using std::allocator<T>::allocator;
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

using Bytes = std::vector<uint8_t, DefaultInitAllocator<uint8_t>>;

// Mixed comparisons (found by ADL through the allocator), so tests can compare a record's
// bytes with a plain vector of expected bytes.
inline bool operator==(const Bytes& a, const std::vector<uint8_t>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Sets b to the n bytes at src. Use it instead of assign(first, last) or copying a Bytes on
// a hot path: with an allocator of its own, libstdc++ copies element by element, and g++
// -O2 leaves that a byte loop (10x slower than memcpy; 2.7% of a checking fsx-mix run was
// the copy of each buffered read's bytes).
inline void AssignBytes(Bytes& b, const void* src, size_t n) {
  b.resize(n);
  if (n != 0) std::memcpy(b.data(), src, n);
}

inline Bytes ToBytes(const std::vector<uint8_t>& v) { return Bytes(v.begin(), v.end()); }
inline std::vector<uint8_t> ToVector(const Bytes& b) { return std::vector<uint8_t>(b.begin(), b.end()); }

}  // namespace fsfuzz
