// The checker's shadow of the file under test: data sources, size, junk stored through
// mappings past EOF, copy-on-write pages of private mappings, and the aux file.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "src/fsfuzz/check/source_map.h"
#include "src/fsfuzz/prog/program.h"

namespace fsfuzz {

class FileModel {
 public:
  FileModel(const Header& h);

  SourceMap& data() { return data_; }
  const SourceMap& data() const { return data_; }
  uint64_t size() const { return size_; }
  uint64_t aux_size() const { return aux_size_; }

  // Size change: shrinking zeroes everything past the new EOF (a later extend must read
  // zero); any size change forgets junk (the EOF page's tail must then read zero) and
  // drops private COW pages wholly past the new EOF (truncate unmaps even COW pages).
  void SetSize(uint64_t s);
  // Stores through a shared mapping into the EOF page past EOF: legal, not file data.
  void AddJunk(uint64_t off, uint64_t len, Source s);
  // Stores that reached pages wholly past EOF (a missing SIGBUS, e.g. known finding
  // tmpfs-huge-maps-past-eof): never admissible, but kept in the history so that their
  // bytes, exposed when the file grows over them, are named as stored past EOF.
  void NoteStorePastEof(uint64_t off, uint64_t len, Source s);
  // Candidate sources for tail bytes [size, roundup(size)) besides zero.
  const std::vector<SourceMap::Seg>& junk() const { return junk_; }
  // Every junk store ever made (for explaining "EOF pollution").
  const std::vector<SourceMap::Seg>& junk_history() const { return junk_history_; }
  void ForgetJunk() { junk_.clear(); }

  // Private (MAP_PRIVATE) slots: pages copied on write keep their own sources.
  bool IsCow(int slot, uint64_t file_page) const;
  // Makes the pages of [off, off+len) private copies (snapshot of the file now).
  void Cow(int slot, uint64_t off, uint64_t len);
  SourceMap& CowData(int slot);
  const SourceMap* CowDataIfAny(int slot) const;
  // Pages of a private slot whose copy-on-write state and contents are unknown: an O_DIRECT
  // read pins (and so copies) every page of its buffer before it fails or stops at EOF, and
  // fills the pages past its count with zeros, read data or nothing, by extent type.
  void MarkCowUnknown(int slot, uint64_t off, uint64_t len);
  bool CowUnknown(int slot, uint64_t off, uint64_t len) const;
  void DropCow(int slot, uint64_t off, uint64_t len);
  void DropCow(int slot);
  // truncate_pagecache(): private copies of pages wholly past a size are unmapped.
  void DropCowFrom(uint64_t size);
  void DropAllCow();

  // Expected bytes of one slot's view (mapping m of slot) for file range [off, off+len),
  // which must lie below EOF (tails are checked separately).
  void ExpectSlot(int slot, const Mapping& m, uint64_t off, uint64_t len, uint8_t* out) const;
  // The source of a mapping's byte at a file offset (for copies from mappings).
  std::vector<SourceMap::Seg> SlotSources(int slot, const Mapping& m, uint64_t off, uint64_t len) const;

 private:
  SourceMap data_;
  SourceMap aux_;
  uint64_t size_ = 0;
  uint64_t aux_size_ = 0;
  std::vector<SourceMap::Seg> junk_;
  std::vector<SourceMap::Seg> junk_history_;
  struct CowSlot {
    std::set<uint64_t> pages;    // file page indices copied
    std::set<uint64_t> unknown;  // pages whose state is unknown (MarkCowUnknown)
    SourceMap data;
    explicit CowSlot(uint64_t seed) : data(seed) {}
  };
  std::map<int, CowSlot> cow_;
};

}  // namespace fsfuzz
