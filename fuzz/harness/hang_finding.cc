// Hang findings (see hang_finding.h): the session's builder.
#include "fuzz/harness/hang_finding.h"

#include "src/fsfuzz/run/hang_finding.h"

namespace fsfuzz::fuzz {

Finding HangFinding(const HangReport& r, const Program* p, const Env& env) { return MakeHangFinding(r, p, env); }

}  // namespace fsfuzz::fuzz
