// The fixed C text of every reproducer: the data pattern, SIGBUS-guarded copies, the
// worker threads and watchdog, the ops (the same syscalls as exec/posix_ops.cc), the views
// and settles (exec/observe_plan.cc), the candidate matcher and main(). The emitter
// (cprog.h) puts the program's tables and the check's constants between head and body.
#pragma once

#include <string>
#include <string_view>

namespace fsfuzz {

// Includes, the pattern and the types: before the tables.
std::string_view CRuntimeHead();
// Everything that uses the tables and the check: after them.
std::string CRuntimeBody();

// The parts, in the order they are emitted (cprog_c_*.cc).
namespace cruntime {
std::string_view CHead();     // includes, pattern, types
std::string_view CSupport();  // output, buffers, SIGBUS guard, watchdog
std::string_view COps();      // ops and rounds
std::string_view CCheck();    // the checked condition
std::string_view CObserve();  // settles, views, kernel log
std::string_view CMain();     // setup, one run, main()
}  // namespace cruntime

}  // namespace fsfuzz
