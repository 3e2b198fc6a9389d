// Where a stress run's finding files go and how they are announced: Session writes each
// file (temp + rename) and then calls us; we print "finding saved: PATH (title)". A
// signature seen more than `cap` times keeps being counted, but its later files are
// removed unannounced, so a bug hit every program cannot fill the disk.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "src/fsfuzz/finding/finding.h"

namespace fsfuzz::stress {

class FindingLog {
 public:
  // announce: prints one line (thread-safe); on_hang: called for a hang finding before
  // the watchdog ends the process (write what must survive, tear down).
  FindingLog(uint32_t cap, std::function<void(const std::string&)> announce,
             std::function<void(const Finding&)> on_hang);

  // Session's on_finding (called from lane threads and the watchdog thread; with lanes
  // as processes, from the parent's thread for each finding a lane sent).
  // An empty path: the file was not written (WantFile said no); counted all the same.
  void OnFinding(const std::string& path, const Finding& f);
  // Session's want_file: false once the signature has its cap of files (a hang: always
  // true). OnFinding still decides what is kept, so racing lanes keep at most the cap.
  bool WantFile(const Finding& f);

  uint64_t kept() const { return kept_.load(); }
  uint64_t dropped() const { return dropped_.load(); }

 private:
  uint32_t cap_;
  std::function<void(const std::string&)> announce_;
  std::function<void(const Finding&)> on_hang_;
  std::mutex mu_;
  std::map<std::string, uint32_t> per_signature_;
  std::atomic<uint64_t> kept_{0}, dropped_{0};
};

}  // namespace fsfuzz::stress
