// Which pages of a range of this process's address space are in its page tables, from
// /proc/self/pagemap (bit 63 of each page's entry: "present"; readable without privilege,
// the frame numbers are not needed). A check compares only those pages of a mapping
// (ViewReads::kMapped, kKernel): it runs at rest, so any other page would fault in the
// folio the buffered view has just read.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fsfuzz {

class PageTableProbe {
 public:
  PageTableProbe() = default;
  ~PageTableProbe();
  PageTableProbe(const PageTableProbe&) = delete;
  PageTableProbe& operator=(const PageTableProbe&) = delete;

  // One flag per page of [addr, addr + len) (the first page is the one holding addr):
  // true when it is present in the page tables. False when /proc/self/pagemap cannot be
  // read here (the caller then loads every page, as before).
  bool Present(const void* addr, size_t len, std::vector<bool>& out);

 private:
  // /proc/self/pagemap of the process that opened it: a forked lane opens its own, or it
  // would see its parent's page tables.
  int fd_ = -1;
  pid_t pid_ = 0;
  bool unusable_ = false;
  std::vector<uint64_t> entries_;  // kept between calls: no allocation per check
};

}  // namespace fsfuzz
