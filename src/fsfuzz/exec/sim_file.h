// One simulated file: a page cache of 4 KiB pages (data + dirty flag) over a sparse
// "disk". The disk starts as a lazily materialized base (initial pattern or zeros), so a
// large initial file costs memory only for the pages a program touches.
#pragma once

#include <array>
#include <cstdint>
#include <map>

namespace fsfuzz {

class SimFile {
 public:
  static constexpr uint64_t kPage = 4096;
  using Page = std::array<uint8_t, kPage>;

  // The file becomes `size` bytes of pattern(seed, src) (src kSrcZero: a hole), uncached.
  void Reset(uint64_t seed, uint32_t src, uint64_t size);

  uint64_t size() const { return size_; }
  // Pages not wholly past EOF: a mapping access to page index >= this takes SIGBUS.
  uint64_t LivePages() const { return (size_ + kPage - 1) / kPage; }

  // A correct size change: shrinking drops cached and disk pages past the new EOF and
  // zeroes the new EOF page's tail; growing zeroes the old EOF page's tail (junk stored
  // through a mapping included). With `keep_stale`, only the size changes (the
  // extend-no-zero bug).
  void SetSize(uint64_t new_size, bool keep_stale);
  // Sets st_size without any zeroing (callers have done the zeroing already).
  void SetSizeRaw(uint64_t new_size) { size_ = new_size; }

  // The cached page, loaded clean from disk on a miss.
  uint8_t* Cached(uint64_t idx);
  void MarkDirty(uint64_t idx) { cache_[idx].dirty = true; }
  bool IsCached(uint64_t idx) const { return cache_.count(idx) != 0; }
  bool IsDirty(uint64_t idx) const;

  // Byte ranges through the cache (writes dirty the pages).
  void ReadCached(uint64_t off, uint8_t* out, uint64_t n);
  void WriteCached(uint64_t off, const uint8_t* in, uint64_t n);
  // Byte ranges of the disk, bypassing the cache.
  void ReadDisk(uint64_t off, uint8_t* out, uint64_t n) const;
  void WriteDisk(uint64_t off, const uint8_t* in, uint64_t n);
  // Zeroes bytes in the cache (where cached) and on disk.
  void ZeroBoth(uint64_t off, uint64_t n);

  // Write-back writes a dirty page to disk with its bytes past EOF zeroed, in the cached
  // page too (the kernel zeroes the tail of the folio straddling EOF on every write-back,
  // so junk stored there through a mapping lasts until the next one).
  void Writeback(uint64_t idx);
  void WritebackRange(uint64_t off, uint64_t n);
  void WritebackAll();
  // Drops cached pages of the range (dirty or not: callers write back first).
  void InvalidateRange(uint64_t off, uint64_t n);
  // Drops clean pages (all pages with discard_dirty).
  void DropCache(bool discard_dirty);

 private:
  struct CachedPage {
    Page data;
    bool dirty = false;
  };
  void LoadDisk(uint64_t idx, uint8_t* out) const;
  uint8_t* DiskPage(uint64_t idx);  // materialized

  uint64_t seed_ = 0;
  uint32_t base_src_ = 0;
  uint64_t base_limit_ = 0;  // bytes below this read the base pattern when not materialized
  uint64_t size_ = 0;
  std::map<uint64_t, Page> disk_;
  std::map<uint64_t, CachedPage> cache_;
};

}  // namespace fsfuzz
