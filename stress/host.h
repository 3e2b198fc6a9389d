// Facts about this machine and process for the summary: kernel, CPUs, memory, the time,
// and the peak resident set size (which can be reset between filesystems).
#pragma once

#include <string>

#include "reports/summary.h"

namespace fsfuzz::stress {

reports::HostInfo ThisHost();
// ISO 8601 UTC, "2026-11-25T12:00:00Z".
std::string NowIso8601();

// Keeps large buffers in the heap: the executor and checker allocate and free buffers of
// about a MiB per view read, which glibc would otherwise mmap and munmap every time, so
// each check paid for faulting in and zeroing fresh pages. Process-wide; idempotent.
void KeepLargeAllocationsInHeap();

// VmHWM of this process in MiB (0 when unreadable).
double PeakRssMib();
// Returns free heap to the system and starts a new peak (writes 5 to
// /proc/self/clear_refs); false when the kernel refuses.
bool ResetPeakRss();

}  // namespace fsfuzz::stress
