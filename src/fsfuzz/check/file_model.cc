// FileModel (see file_model.h).
#include "src/fsfuzz/check/file_model.h"

#include <algorithm>

namespace fsfuzz {

FileModel::FileModel(const Header& h) : data_(h.seed), aux_(h.seed), size_(h.size), aux_size_(h.aux_size) {
  if (!h.sparse && h.size) data_.Assign(0, h.size, Source{kSrcInit, 0});
  if (h.aux_size) aux_.Assign(0, h.aux_size, Source{kSrcAux, 0});
}

void FileModel::SetSize(uint64_t s) {
  if (s < size_) {
    data_.Zero(s, size_ - s);
    DropCowFrom(s);
  }
  if (s != size_) junk_.clear();
  size_ = s;
}

void FileModel::AddJunk(uint64_t off, uint64_t len, Source s) {
  if (len == 0) return;
  junk_.push_back({off, len, s});
  junk_history_.push_back({off, len, s});
}

void FileModel::NoteStorePastEof(uint64_t off, uint64_t len, Source s) {
  if (len) junk_history_.push_back({off, len, s});
}

bool FileModel::IsCow(int slot, uint64_t file_page) const {
  auto it = cow_.find(slot);
  return it != cow_.end() && it->second.pages.count(file_page);
}

void FileModel::Cow(int slot, uint64_t off, uint64_t len) {
  if (len == 0) return;
  auto it = cow_.try_emplace(slot, data_.seed()).first;
  for (uint64_t p = off / kPageSize; p * kPageSize < off + len; ++p) {
    if (it->second.pages.insert(p).second) {
      it->second.data.Apply(data_.Segments(p * kPageSize, kPageSize));
    }
  }
}

SourceMap& FileModel::CowData(int slot) { return cow_.try_emplace(slot, data_.seed()).first->second.data; }

const SourceMap* FileModel::CowDataIfAny(int slot) const {
  auto it = cow_.find(slot);
  return it == cow_.end() ? nullptr : &it->second.data;
}

void FileModel::MarkCowUnknown(int slot, uint64_t off, uint64_t len) {
  if (len == 0) return;
  auto it = cow_.try_emplace(slot, data_.seed()).first;
  for (uint64_t p = off / kPageSize; p * kPageSize < off + len; ++p) it->second.unknown.insert(p);
}

bool FileModel::CowUnknown(int slot, uint64_t off, uint64_t len) const {
  auto it = cow_.find(slot);
  if (it == cow_.end() || len == 0) return false;
  auto u = it->second.unknown.lower_bound(off / kPageSize);
  return u != it->second.unknown.end() && *u * kPageSize < off + len;
}

void FileModel::DropCow(int slot, uint64_t off, uint64_t len) {
  auto it = cow_.find(slot);
  if (it == cow_.end()) return;
  for (auto* pages : {&it->second.pages, &it->second.unknown}) {
    pages->erase(pages->lower_bound(off / kPageSize), pages->lower_bound(RoundUp(off + len, kPageSize) / kPageSize));
  }
}

void FileModel::DropCow(int slot) { cow_.erase(slot); }

void FileModel::DropCowFrom(uint64_t size) {
  const uint64_t first = RoundUp(size, kPageSize) / kPageSize;
  for (auto& [slot, c] : cow_) {
    c.pages.erase(c.pages.lower_bound(first), c.pages.end());
    c.unknown.erase(c.unknown.lower_bound(first), c.unknown.end());
  }
}
void FileModel::DropAllCow() { cow_.clear(); }

std::vector<SourceMap::Seg> FileModel::SlotSources(int slot, const Mapping& m, uint64_t off, uint64_t len) const {
  if (m.aux()) return aux_.Segments(off, len);
  auto it = m.priv() ? cow_.find(slot) : cow_.end();
  if (it == cow_.end() || it->second.pages.empty()) return data_.Segments(off, len);
  std::vector<SourceMap::Seg> out;
  uint64_t pos = off, end = off + len;
  while (pos < end) {
    uint64_t page = pos / kPageSize;
    uint64_t stop = std::min(end, (page + 1) * kPageSize);
    auto part = it->second.pages.count(page) ? it->second.data.Segments(pos, stop - pos)
                                             : data_.Segments(pos, stop - pos);
    out.insert(out.end(), part.begin(), part.end());
    pos = stop;
  }
  return out;
}

void FileModel::ExpectSlot(int slot, const Mapping& m, uint64_t off, uint64_t len, uint8_t* out) const {
  const SourceMap& map = m.aux() ? aux_ : data_;
  for (const auto& g : SlotSources(slot, m, off, len)) map.Fill(g.s, g.off, g.len, out + (g.off - off));
}

}  // namespace fsfuzz
