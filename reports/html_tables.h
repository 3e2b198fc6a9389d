// The HTML report's tables (filesystems, op kinds, semantics, signals, environment), built
// from the same orderings as the charts so colours and rows agree.
#pragma once

#include <string>

#include "reports/summary.h"

namespace fsfuzz::reports {

std::string FilesystemTableHtml(const Summary& s);
std::string OpKindTableHtml(const Summary& s);
std::string SemanticsTableHtml(const Summary& s);
std::string SignalTableHtml(const Summary& s);
// Mount options, block size and DIO alignment: the environment facts a reader asks
// about first when two filesystems disagree.
std::string EnvTableHtml(const Summary& s);
// A filesystem's name with the swatch of its chart colour (no swatch for skipped ones).
std::string FsNameHtml(const Summary& s, const FsResult& f);

}  // namespace fsfuzz::reports
