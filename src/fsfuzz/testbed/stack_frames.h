// Reading function names out of kernel reports: call-trace frames, the RIP/pc line, and
// the first frame that is not scheduler, locking or reporting machinery.
#pragma once

#include <string>
#include <vector>

namespace fsfuzz {

// "iomap_dio_rw.cold" -> "iomap_dio_rw"; ".isra.N", ".constprop.N", ".part.N", ".cold",
// ".llvm.N" are compiler suffixes that would split one bug into several titles.
std::string CleanFunction(const std::string& name);

// The function of a frame line: " iomap_dio_rw+0x2c/0x60", " [<ffffffff81234>] f+0x1/0x2",
// "  inode_lock include/linux/fs.h:802 [inline]". Empty when the line is not a frame.
// `questionable` is set for "? f+0x1/0x2" frames (stale stack words, not the call chain).
std::string FrameFunction(const std::string& line, bool* questionable);

// The first "sym+0xA/0xB" in a line, cleaned; empty if none.
std::string FirstSymbol(const std::string& line);

// The function in the first kernel RIP ("RIP: 0010:f+0x1/0x2") or arm64 "pc : f+0x1/0x2"
// line; user-space RIPs ("RIP: 0033:0x7f...") are passed over. Empty if none.
std::string RipFunction(const std::vector<std::string>& lines);

// True for frames that say how a task waits or how a report is printed, not where the
// bug is: __schedule, mutex_lock, rwsem_down_*, folio_wait_*, dump_stack, rcu_*, ...
bool IsMachineryFrame(const std::string& func);

// The first non-questionable, non-machinery frame after a "Call Trace:" line (or in any
// frame line when there is no such header); empty if none.
std::string FirstFrame(const std::vector<std::string>& lines);

}  // namespace fsfuzz
