// Test support: the realistic sample summary (testdata/sample-summary.json: ext4, xfs,
// btrfs and tmpfs ran, bcachefs skipped) and a small hand-built one with hostile text.
#pragma once

#include <string>

#include "reports/summary.h"

namespace fsfuzz::reports::testing {

std::string TestdataPath(const std::string& name);
// Loads testdata/sample-summary.json; aborts the test binary if it does not load, since
// every test using it would fail for the same reason.
Summary SampleSummary();
// Two filesystems (ext4 on the host, xfs in a VM with its own kernel) and a skipped
// bcachefs; the ext4 finding's program and title carry markup and '&'.
Summary SmallSummary();

}  // namespace fsfuzz::reports::testing
