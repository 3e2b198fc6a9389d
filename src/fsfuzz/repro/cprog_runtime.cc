// The C reproducers' fixed text (see cprog_runtime.h), assembled from its parts. Each part
// mirrors fsfuzz code, line for line where it matters: a change there must be made here
// too, and the repro tests compile the result and run it against fsfuzz itself.
#include "src/fsfuzz/repro/cprog_runtime.h"

namespace fsfuzz {

std::string_view CRuntimeHead() { return cruntime::CHead(); }

std::string CRuntimeBody() {
  std::string s;
  for (std::string_view part : {cruntime::CSupport(), cruntime::COps(), cruntime::CCheck(), cruntime::CObserve(),
                                cruntime::CMain()}) {
    s += part;
  }
  return s;
}

}  // namespace fsfuzz
