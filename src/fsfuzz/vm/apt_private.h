// apt with a private configuration (own sources, lists, cache and empty dpkg status), so
// fetching a kernel never touches the system's apt setup. apt verifies the suites'
// InRelease signatures against the keyring named in the sources and the .deb hashes.
#pragma once

#include <string>
#include <vector>

#include "src/fsfuzz/base/status.h"

namespace fsfuzz::vm {

class PrivateApt {
 public:
  // root: a directory this instance owns. sources: "URI SUITE COMPONENT..." lines.
  static Result<PrivateApt> Create(const std::string& root, const std::vector<std::string>& sources,
                                   const std::string& keyring);
  Status Update();                                                   // apt-get update
  Result<std::vector<std::string>> Depends(const std::string& pkg);  // apt-cache depends
  // apt-get download into dir (which should be empty); returns the .deb's path.
  Result<std::string> Download(const std::string& pkg, const std::string& dir);

  // The -o options that point apt at root (exposed for tests).
  std::vector<std::string> Options() const;

 private:
  std::string root_;
};

}  // namespace fsfuzz::vm
