// The orders reports list things in, shared by every table and chart so that rows,
// bars and legends line up across the page.
#pragma once

#include <string>
#include <vector>

#include "reports/summary.h"

namespace fsfuzz::reports {

// Filesystems with figures (ran or failed part way), in summary order.
std::vector<const FsResult*> FilesystemsWithFigures(const Summary& s);
// Op kinds that any filesystem ran, in the order they first appear.
std::vector<std::string> OpKindsOf(const Summary& s);
// Signal names any filesystem counted, sorted.
std::vector<std::string> SignalsOf(const Summary& s);
// Finding classes with at least one finding on some filesystem, in class-table order.
std::vector<FindingClass> ClassesFound(const Summary& s);
// Every finding class, in class-table order.
std::vector<FindingClass> AllClasses();
// The stats of op kind `op` on fs, or nullptr.
const OpKindStats* OpKind(const FsResult& fs, const std::string& op);

}  // namespace fsfuzz::reports
