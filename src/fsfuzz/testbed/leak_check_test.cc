// After the tests of this process: no mount, loop device or work dir of ours is left
// under any scratch root they used (a global environment, so it runs once at the end of
// the process, and ctest runs each test in a process of its own).
#include <gtest/gtest.h>

#include "src/fsfuzz/testbed/test_util.h"

namespace fsfuzz {
namespace {

class LeakCheck : public ::testing::Environment {
 public:
  void TearDown() override {
    for (const std::string& root : testing_util::ScratchRoots()) {
      EXPECT_FALSE(testing_util::MountedUnder(root)) << "mount left under " << root;
      EXPECT_TRUE(testing_util::WaitFor([&] { return !testing_util::LoopsUnder(root); }))
          << "loop device left backed by a file under " << root;
      EXPECT_FALSE(testing_util::Exists(root)) << root << " not empty at the end";
    }
  }
};

::testing::Environment* const kLeakCheck = ::testing::AddGlobalTestEnvironment(new LeakCheck);

}  // namespace
}  // namespace fsfuzz
