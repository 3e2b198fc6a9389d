// Initramfs assembly with CpioWriter; applet links from `busybox --list-full`.
#include "src/fsfuzz/vm/initramfs.h"

#include <cstdlib>
#include <set>
#include <sstream>

#include "src/fsfuzz/vm/cpio_writer.h"
#include "src/fsfuzz/vm/decompress.h"
#include "src/fsfuzz/vm/file_util.h"
#include "src/fsfuzz/vm/modinfo.h"
#include "src/fsfuzz/vm/subprocess.h"

namespace fsfuzz::vm {
namespace {

Status AddBusybox(CpioWriter& w, const std::string& busybox) {
  if (Status s = w.AddFileFrom("/bin/busybox", busybox, 0755); !s.ok()) return s;
  auto list = Run({busybox, "--list-full"});
  if (!list.ok()) return list.status();
  if (!list->ok()) return Status::Environment(busybox + " --list-full failed");
  std::istringstream in(list->out);
  for (std::string applet; std::getline(in, applet);) {
    if (applet.empty() || applet == "bin/busybox" || w.Has(applet)) continue;
    if (Status s = w.AddSymlink("/" + applet, "/bin/busybox"); !s.ok()) return s;
  }
  return Status::Ok();
}

// The plan's modules, decompressed, plus a modules.dep/modules.alias for just them so the
// kernel's request_module() (busybox modprobe) finds them too.
Status AddModules(CpioWriter& w, const InitramfsInputs& in, GuestPlan* plan) {
  const std::string base = "/lib/modules/" + plan->kernel_version + "/";
  std::string dep, alias;
  std::set<std::string> names;
  for (const auto& m : in.modules.load) {
    auto elf = ReadMaybeCompressed(in.modules_dir + "/" + m.path);
    if (!elf.ok()) return elf.status();
    const std::string rel = StripCompressionSuffix(m.path);
    if (Status s = w.AddFile(base + rel, *elf, 0644); !s.ok()) return s;
    plan->modules.push_back({rel, m.required});
    names.insert(m.name);
    dep += rel + ":\n";  // loaded in order by /init; deps only matter for modprobe's aliases
    if (auto mi = ParseModInfo(*elf); mi.ok())
      for (const auto& a : mi->aliases) alias += "alias " + a + " " + m.name + "\n";
  }
  if (Status s = w.AddFile(base + "modules.dep", dep); !s.ok()) return s;
  return w.AddFile(base + "modules.alias", alias);
}

}  // namespace

Result<std::string> FindStaticBusybox() {
  std::vector<std::string> candidates;
  if (const char* e = getenv("FSFUZZ_BUSYBOX"); e && *e) candidates.push_back(e);
  candidates.insert(candidates.end(), {"/bin/busybox", "/usr/bin/busybox"});
  for (const auto& c : candidates) {
    if (!PathExists(c)) continue;
    auto st = IsStaticElf(c);
    if (st.ok() && *st) return c;
  }
  return Status::Environment("no static busybox (install busybox-static or set FSFUZZ_BUSYBOX)");
}

Result<uint64_t> BuildInitramfs(const InitramfsInputs& in, const std::string& out_path) {
  GuestPlan plan = in.plan;
  plan.modules.clear();
  CpioWriter w;
  if (Status s = w.Open(out_path); !s.ok()) return s;
  for (const char* d : {"/dev", "/proc", "/sys", "/tmp", "/mnt", "/results", "/root", "/etc",
                        "/fsfuzz/bin"})
    if (Status s = w.AddDir(d); !s.ok()) return s;
  // The kernel opens /dev/console for /init before devtmpfs is mounted.
  if (Status s = w.AddCharDev("/dev/console", 5, 1); !s.ok()) return s;
  if (Status s = w.AddCharDev("/dev/null", 1, 3, 0666); !s.ok()) return s;
  if (Status s = AddBusybox(w, in.busybox); !s.ok()) return s;
  if (!in.modules.load.empty())
    if (Status s = AddModules(w, in, &plan); !s.ok()) return s;
  for (const auto& f : in.files) {
    if (w.Has(f.guest_path)) continue;  // a library two payloads share
    if (Status s = w.AddFileFrom(f.guest_path, f.host_path, f.mode); !s.ok()) return s;
  }
  auto config = GuestConfig(plan);
  if (!config.ok()) return config.status();
  if (Status s = w.AddFile("/fsfuzz/config", *config); !s.ok()) return s;
  if (Status s = w.AddFile("/fsfuzz/modules", GuestModuleList(plan)); !s.ok()) return s;
  if (Status s = w.AddFile("/init", InitScript(), 0755); !s.ok()) return s;
  if (Status s = w.Finish(); !s.ok()) return s;
  return w.bytes_written();
}

}  // namespace fsfuzz::vm
