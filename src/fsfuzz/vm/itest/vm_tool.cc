// fsfuzz_vm_tool: drives the VM runner with any payload binary (tests, probes); users
// run fsfuzz commands in a VM with `fsfuzz vm`.
//   fsfuzz_vm_tool fetch KERNEL
//   fsfuzz_vm_tool run [--kernel K] [--fs a,b] [--image FS=PATH] [--payload BIN]
//       [--timeout S] [--results DIR] [--accel auto|kvm|tcg] [--mttcg] [--crash] [--keep] -- ARGV...
// Each `--` starts another command line.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "src/fsfuzz/vm/vm.h"

using namespace fsfuzz::vm;

namespace {

int Usage() {
  fprintf(stderr, "usage: fsfuzz_vm_tool fetch KERNEL\n"
                  "       fsfuzz_vm_tool run [--kernel K] [--fs a,b] [--image FS=PATH] [--payload BIN]\n"
                  "           [--timeout S] [--results DIR] [--accel auto|kvm|tcg] [--mttcg] [--crash] [--keep]\n"
                  "           -- ARGV... [-- ARGV...]\n");
  return 2;
}

int Fetch(const std::string& spec) {
  auto k = ResolveKernel(spec);
  if (!k.ok()) {
    fprintf(stderr, "%s\n", k.status().ToString().c_str());
    return 3;
  }
  printf("version %s\nvmlinuz %s\nmodules %s\norigin  %s\n", k->version.c_str(), k->vmlinuz.c_str(),
         k->modules_dir.c_str(), k->origin.c_str());
  return 0;
}

int RunCmd(int argc, char** argv) {
  VmSpec spec;
  int timeout = 60;
  std::string images;
  int i = 2;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--kernel") spec.kernel = next();
    else if (a == "--fs") {
      std::string list = next();
      for (size_t p = 0; p <= list.size();) {
        size_t e = list.find(',', p);
        if (e == std::string::npos) e = list.size();
        if (e > p) spec.disks.push_back(DiskFor(list.substr(p, e - p)));
        p = e + 1;
      }
    } else if (a == "--image") images += next() + "\n";
    else if (a == "--payload") spec.payload = next();
    else if (a == "--timeout") timeout = std::atoi(next().c_str());
    else if (a == "--results") spec.results_dir = next();
    else if (a == "--accel") {
      std::string v = next();
      spec.accel = v == "kvm" ? Accel::kKvm : v == "tcg" ? Accel::kTcg : Accel::kAuto;
    } else if (a == "--mttcg") spec.tcg_multithread = true;
    else if (a == "--crash") spec.crash_hook = "panic";
    else if (a == "--keep") spec.keep_work_dir = true;
    else return Usage();
  }
  for (size_t p = 0; p < images.size();) {
    size_t e = images.find('\n', p);
    std::string kv = images.substr(p, e - p);
    p = e + 1;
    size_t eq = kv.find('=');
    for (auto& d : spec.disks)
      if (eq != std::string::npos && d.fs == kv.substr(0, eq)) d.image = kv.substr(eq + 1);
  }
  while (i < argc && std::strcmp(argv[i], "--") == 0) {
    VmCommand c;
    c.timeout_s = timeout;
    for (++i; i < argc && std::strcmp(argv[i], "--") != 0; ++i) c.argv.push_back(argv[i]);
    if (!c.argv.empty()) spec.commands.push_back(c);
  }
  spec.on_frame = [](const GuestFrame& f) {
    fprintf(stderr, "[%7.2fs] %s %s\n", f.host_seconds,
            f.source == GuestFrame::Source::kInit ? "init   " : "payload", f.text.c_str());
  };
  auto r = RunInVm(spec);
  if (!r.ok()) {
    fprintf(stderr, "%s\n", r.status().ToString().c_str());
    return 3;
  }
  printf("kernel   %s (%s)\naccel    %s\noutcome  %s: %s\nqemu     %s\n", r->kernel.version.c_str(),
         r->kernel.origin.c_str(), r->accel.c_str(), VmOutcomeName(r->outcome), r->detail.c_str(),
         r->qemu_end.c_str());
  printf("boot     kernel %.2fs (guest clock), init->payload %.2fs; spawn->init %.2fs, spawn->payload %.2fs, "
         "wall %.2fs (host clock)\n",
         r->kernel_boot_s, r->init_to_payload_s, r->host_to_init_s, r->host_to_payload_s, r->wall_s);
  for (const auto& d : r->disks)
    printf("disk     %-10s %-9s %s %s [%s]\n", d.name.c_str(), d.fs.c_str(), d.mounted ? "mounted" : "NOT MOUNTED",
           d.error.c_str(), d.how.c_str());
  for (size_t k = 0; k < r->commands.size(); ++k) {
    const auto& c = r->commands[k];
    printf("command  %zu: %s exit %d %.2fs%s\n", k, c.finished ? "finished" : c.started ? "started" : "not run",
           c.exit_status, c.seconds, c.hung ? " HUNG" : "");
  }
  for (const auto& n : r->notes) printf("note     %s\n", n.c_str());
  if (!r->results_error.empty()) printf("results  error: %s\n", r->results_error.c_str());
  if (!r->results_dir.empty()) printf("results  %s\n", r->results_dir.c_str());
  return r->outcome == VmOutcome::kCompleted ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "fetch") == 0) return Fetch(argv[2]);
  if (argc >= 2 && std::strcmp(argv[1], "run") == 0) return RunCmd(argc, argv);
  return Usage();
}
