// How a check reads a mapping it compares with the buffered view (PosixOptions::view_reads).
#pragma once

#include <string_view>

namespace fsfuzz {

enum class ViewReads {
  // The pages the mapping has in this process's page tables, by loads from user space. A
  // page not in them would, if loaded, be faulted in from the very page-cache folio the
  // buffered view has just read (a check runs at rest), so loading it costs a fault (most
  // of a check's cost on a VM with shadow page tables) and shows nothing the buffered view
  // did not; and the check no longer maps pages the program never touched. What it gives
  // up: a TLB entry the kernel left stale after clearing a PTE (a load would hit it).
  kMapped,
  // Every page by loads, faulting in what is not mapped (sees that stale TLB entry too).
  kLoads,
  // The pages in the page tables through /proc/self/mem: the kernel copies through its own
  // map of each page (no user TLB at all); cheapest on such a VM.
  kKernel,
};

// "mapped", "loads", "kernel"; false for anything else.
bool ViewReadsFromName(std::string_view name, ViewReads* out);
std::string_view ViewReadsName(ViewReads v);

}  // namespace fsfuzz
