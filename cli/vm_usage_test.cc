// `fsfuzz vm` without booting anything: bad flags and a VM inside the VM are usage errors.
#include <gtest/gtest.h>

#include "cli/cli_test_util.h"
#include "src/fsfuzz/base/exit_codes.h"

namespace fsfuzz {
namespace {

using testing::RunFsfuzz;

TEST(VmUsage, BadInputIsAUsageError) {
  auto r = RunFsfuzz("vm --bogus");
  EXPECT_EQ(r.code, kExitUsage) << r.out;
  EXPECT_NE(r.out.find("unrecognised option '--bogus'"), std::string::npos) << r.out;
  r = RunFsfuzz("vm debian-6.12 -- vm debian-6.1");
  EXPECT_EQ(r.code, kExitUsage) << r.out;
  r = RunFsfuzz("vm debian-6.12 --fs , -- exit-codes");
  EXPECT_EQ(r.code, kExitUsage) << r.out;
  r = RunFsfuzz("vm --help");
  EXPECT_EQ(r.code, kExitOk) << r.out;
  EXPECT_NE(r.out.find("{DIR}"), std::string::npos) << r.out;
}

TEST(VmUsage, ExecOfAFileThatIsNotAnExecutableIsAUsageError) {
  // Checked before anything boots.
  testing::ScratchDir out;
  auto r = RunFsfuzz("vm debian-6.12 --fs ext4 --out " + out.path + " --exec /nonexistent/repro -- {DIR}");
  EXPECT_EQ(r.code, kExitUsage) << r.out;
  EXPECT_NE(r.out.find("--exec /nonexistent/repro"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace fsfuzz
