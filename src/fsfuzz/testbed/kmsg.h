// Watching the kernel log while programs run: a thread reads /dev/kmsg from the start of
// the run and hands out the reports (WARNING, BUG, hung task, fs errors, DIO collision)
// that appeared since the last Drain().
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/fsfuzz/base/status.h"
#include "src/fsfuzz/testbed/kernel_log.h"

namespace fsfuzz {

class KmsgWatcher {
 public:
  // Opens /dev/kmsg non-blocking, seeks to its end (older records belong to others) and
  // starts the reader thread. Environment error when the log is not readable (not root
  // with dmesg_restrict, or no /dev in an OSS-Fuzz runner).
  static Result<std::unique_ptr<KmsgWatcher>> Start(const std::string& path = "/dev/kmsg");
  // Watches an fd the caller opened (a pipe in tests); takes ownership; no seek.
  static Result<std::unique_ptr<KmsgWatcher>> StartFromFd(int fd);
  ~KmsgWatcher();  // stops the thread (via an eventfd, never by waiting out a poll)
  KmsgWatcher(const KmsgWatcher&) = delete;
  KmsgWatcher& operator=(const KmsgWatcher&) = delete;

  // Reports completed since the last Drain. A report whose end has not been logged yet
  // is held back until it ends or `settle` passed since its last line arrived (printk
  // emits a report's lines back to back; a pause means it is done).
  std::vector<KernelReport> Drain(std::chrono::milliseconds settle = std::chrono::milliseconds(500));
  // Everything, open reports included (end of a run).
  std::vector<KernelReport> DrainAll() { return Drain(std::chrono::milliseconds(0)); }

  // Records the kernel overwrote before we read them (EPIPE from /dev/kmsg).
  uint64_t lost() const { return lost_.load(); }
  // Lines read so far (for tests and progress lines).
  uint64_t lines_read() const { return lines_read_.load(); }

 private:
  explicit KmsgWatcher(int fd);
  void Loop();

  int fd_ = -1;
  int stop_fd_ = -1;
  std::thread thread_;
  std::mutex mu_;
  std::vector<LogLine> pending_;  // lines not yet part of a drained report
  std::chrono::steady_clock::time_point last_line_;
  std::string partial_;           // a pipe may split a record
  std::atomic<uint64_t> lost_{0};
  std::atomic<uint64_t> lines_read_{0};
};

// Reads the records /dev/kmsg got since Open (no thread): what the kernel said about a
// mount that failed a moment ago. Silent (empty) where the log is not readable.
class KmsgTail {
 public:
  KmsgTail();
  ~KmsgTail();
  KmsgTail(const KmsgTail&) = delete;
  KmsgTail& operator=(const KmsgTail&) = delete;
  std::vector<std::string> ReadNew();

 private:
  int fd_ = -1;
};

}  // namespace fsfuzz
