// The simulated file's page cache over its disk (see sim_file.h).
#include "src/fsfuzz/exec/sim_file.h"

#include <algorithm>
#include <cstring>

#include "src/fsfuzz/prog/limits.h"
#include "src/fsfuzz/prog/pattern.h"

namespace fsfuzz {

void SimFile::Reset(uint64_t seed, uint32_t src, uint64_t size) {
  seed_ = seed;
  base_src_ = src;
  base_limit_ = src == kSrcZero ? 0 : size;
  size_ = size;
  disk_.clear();
  cache_.clear();
}

void SimFile::LoadDisk(uint64_t idx, uint8_t* out) const {
  if (auto it = disk_.find(idx); it != disk_.end()) {
    std::memcpy(out, it->second.data(), kPage);
    return;
  }
  const uint64_t start = idx * kPage;
  const uint64_t base_end = std::min(start + kPage, std::max(base_limit_, start));
  const size_t n = static_cast<size_t>(base_end - start);
  if (n) FillPattern(seed_, base_src_, start, out, n);
  std::memset(out + n, 0, kPage - n);
}

uint8_t* SimFile::DiskPage(uint64_t idx) {
  auto it = disk_.find(idx);
  if (it == disk_.end()) {
    Page base;
    LoadDisk(idx, base.data());  // before the emplace, which LoadDisk would find
    it = disk_.emplace(idx, base).first;
  }
  return it->second.data();
}

uint8_t* SimFile::Cached(uint64_t idx) {
  auto it = cache_.find(idx);
  if (it == cache_.end()) {
    it = cache_.emplace(idx, CachedPage{}).first;
    LoadDisk(idx, it->second.data.data());
  }
  return it->second.data.data();
}

bool SimFile::IsDirty(uint64_t idx) const {
  auto it = cache_.find(idx);
  return it != cache_.end() && it->second.dirty;
}

void SimFile::ReadCached(uint64_t off, uint8_t* out, uint64_t n) {
  while (n > 0) {
    const uint64_t in_page = off % kPage;
    const uint64_t c = std::min(n, kPage - in_page);
    std::memcpy(out, Cached(off / kPage) + in_page, c);
    off += c, out += c, n -= c;
  }
}

void SimFile::WriteCached(uint64_t off, const uint8_t* in, uint64_t n) {
  while (n > 0) {
    const uint64_t in_page = off % kPage;
    const uint64_t c = std::min(n, kPage - in_page);
    std::memcpy(Cached(off / kPage) + in_page, in, c);
    MarkDirty(off / kPage);
    off += c, in += c, n -= c;
  }
}

void SimFile::ReadDisk(uint64_t off, uint8_t* out, uint64_t n) const {
  Page tmp;
  while (n > 0) {
    const uint64_t in_page = off % kPage;
    const uint64_t c = std::min(n, kPage - in_page);
    LoadDisk(off / kPage, tmp.data());
    std::memcpy(out, tmp.data() + in_page, c);
    off += c, out += c, n -= c;
  }
}

void SimFile::WriteDisk(uint64_t off, const uint8_t* in, uint64_t n) {
  while (n > 0) {
    const uint64_t in_page = off % kPage;
    const uint64_t c = std::min(n, kPage - in_page);
    std::memcpy(DiskPage(off / kPage) + in_page, in, c);
    off += c, in += c, n -= c;
  }
}

void SimFile::ZeroBoth(uint64_t off, uint64_t n) {
  while (n > 0) {
    const uint64_t idx = off / kPage, in_page = off % kPage;
    const uint64_t c = std::min(n, kPage - in_page);
    if (auto it = cache_.find(idx); it != cache_.end()) {
      std::memset(it->second.data.data() + in_page, 0, c);
    }
    // A page neither materialized nor below the base limit already reads zero.
    if (disk_.count(idx) || off < base_limit_) std::memset(DiskPage(idx) + in_page, 0, c);
    off += c, n -= c;
  }
}

void SimFile::SetSize(uint64_t new_size, bool keep_stale) {
  if (keep_stale || new_size == size_) {
    size_ = new_size;
    return;
  }
  if (new_size < size_) {
    const uint64_t first_gone = (new_size + kPage - 1) / kPage;
    cache_.erase(cache_.lower_bound(first_gone), cache_.end());
    disk_.erase(disk_.lower_bound(first_gone), disk_.end());
    base_limit_ = std::min(base_limit_, new_size);
    if (new_size % kPage) ZeroBoth(new_size, RoundUp(new_size, kPage) - new_size);
  } else if (size_ % kPage) {
    ZeroBoth(size_, RoundUp(size_, kPage) - size_);
  }
  size_ = new_size;
}

void SimFile::Writeback(uint64_t idx) {
  auto it = cache_.find(idx);
  if (it == cache_.end() || !it->second.dirty) return;
  const uint64_t start = idx * kPage;
  // A page wholly past EOF (kept by the extend-no-zero bug) is not written back.
  if (start >= size_) return;
  // Like the kernel's write-back of the folio straddling EOF, zero its tail in the cache
  // too (it may be mapped), then write it.
  uint8_t* c = it->second.data.data();
  if (size_ - start < kPage) std::memset(c + (size_ - start), 0, kPage - (size_ - start));
  std::memcpy(DiskPage(idx), c, kPage);
  it->second.dirty = false;
}

void SimFile::WritebackRange(uint64_t off, uint64_t n) {
  if (n == 0) return;
  const uint64_t first = off / kPage, last = (off + n - 1) / kPage;
  for (auto it = cache_.lower_bound(first); it != cache_.end() && it->first <= last; ++it) {
    Writeback(it->first);
  }
}

void SimFile::WritebackAll() {
  for (auto& [idx, page] : cache_) Writeback(idx);
}

void SimFile::InvalidateRange(uint64_t off, uint64_t n) {
  if (n == 0) return;
  const uint64_t first = off / kPage, last = (off + n - 1) / kPage;
  cache_.erase(cache_.lower_bound(first), cache_.upper_bound(last));
}

void SimFile::DropCache(bool discard_dirty) {
  std::erase_if(cache_, [&](const auto& kv) { return discard_dirty || !kv.second.dirty; });
}

}  // namespace fsfuzz
