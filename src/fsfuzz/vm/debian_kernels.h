// The Debian kernel flavours fsfuzz can fetch: which suites to ask, which metapackage
// names the current image, and the version it must have.
#pragma once

#include <string>
#include <vector>

namespace fsfuzz::vm {

struct DebianFlavour {
  std::string name;                  // "debian-6.12"
  std::vector<std::string> sources;  // one-line-style entries, "URI SUITE COMPONENT"
  std::string metapackage;           // depends on the current linux-image-VERSION
  std::string version_prefix;        // "6.12.": the image's version must start with it
};

const std::vector<DebianFlavour>& DebianFlavours();
const DebianFlavour* FindDebianFlavour(const std::string& name);

// The archive mirror (FSFUZZ_DEBIAN_MIRROR, default http://deb.debian.org).
std::string DebianMirror();
// The keyring apt verifies Release signatures with.
inline constexpr const char* kDebianKeyring = "/usr/share/keyrings/debian-archive-keyring.gpg";

}  // namespace fsfuzz::vm
