// fsfuzz vm: boots a kernel under qemu (the VM runner, src/fsfuzz/vm) with one disk per
// filesystem and runs any fsfuzz command line inside it, once per filesystem. `run`,
// `stress`, `compare` and `repro` take --vm themselves; this command is for everything
// else (a long stress run, minimize, a hand-written program on bcachefs) and for fetching
// a kernel ahead of time (`--fetch`: a CI cache step).
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "cli/command.h"
#include "src/fsfuzz/finding/finding.h"
#include "src/fsfuzz/run/in_vm.h"
#include "src/fsfuzz/vm/kernel_fetch.h"

namespace fsfuzz::cli {
namespace {

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t p = 0;
  while (p <= s.size()) {
    size_t e = s.find(',', p);
    if (e == std::string::npos) e = s.size();
    if (e > p) out.push_back(s.substr(p, e - p));
    p = e + 1;
  }
  return out;
}

int Fetch(const std::string& kernel) {
  auto k = vm::ResolveKernel(kernel);
  if (!k.ok()) return Fail("vm", k.status());
  std::cout << "kernel   " << kernel << "\nversion  " << k->version << "\nvmlinuz  " << k->vmlinuz << "\nmodules  "
            << (k->modules_dir.empty() ? "(none)" : k->modules_dir) << "\norigin   " << k->origin << "\n";
  return kExitOk;
}

}  // namespace

int CmdVm(const std::vector<std::string>& args) {
  po::options_description desc("fsfuzz vm");
  std::string kernel, fs_list = "ext4", image, out = "fsfuzz-vm-out", exec;
  std::vector<std::string> guest;
  int timeout = 600;
  bool fetch = false;
  desc.add_options()(
      "kernel", po::value(&kernel)->default_value("debian-6.12"),
      "debian-6.12, debian-6.1, host, or /path/vmlinuz[:moddir] (also the first positional argument)")(
      "fs", po::value(&fs_list)->default_value("ext4"),
      "filesystems or variants, one VM disk each (ext4, ext4-1k, xfs-reflink, btrfs, bcachefs, ...; a variant "
      "formats and mounts as on the host), mounted at /mnt/NAME (- becomes _); the command runs once per "
      "filesystem")(
      "image", po::value(&image), "bcachefs image to copy for the bcachefs disk (default: bcachefs format, else the "
                                  "shared pre-formatted image)")(
      "timeout", po::value(&timeout)->default_value(600),
      "seconds per command inside the guest; past it the guest dumps every task's stack (sysrq-t) and the host "
      "records a hang")(
      "out", po::value(&out)->default_value("fsfuzz-vm-out"),
      "host directory for the guest's results (its /results/FS), console.log and findings")(
      "fetch", po::bool_switch(&fetch), "only resolve the kernel (download it into the cache) and print it")(
      "exec", po::value(&exec),
      "run this host executable instead of fsfuzz (a C reproducer from `fsfuzz cprog`, built static or not), "
      "with the arguments after -- (default: {DIR})")(
      "args", po::value(&guest)->multitoken(), "the fsfuzz command line to run in the guest (after --)");
  po::positional_options_description pos;
  pos.add("kernel", 1).add("args", -1);
  po::variables_map vm;
  int rc = 0;
  const std::string usage =
      "fsfuzz vm [KERNEL] [--fs LIST] [options] [-- FSFUZZ-ARGS...]\n"
      "       fsfuzz vm [KERNEL] --fs LIST --exec FILE [-- ARGS...]\n"
      "       fsfuzz vm KERNEL --fetch\n"
      "Boots KERNEL under qemu (KVM where it works, else TCG) with an initramfs holding busybox, the\n"
      "filesystems' modules and this fsfuzz, and runs `fsfuzz FSFUZZ-ARGS` in the guest once per\n"
      "filesystem; {DIR} stands for that filesystem's directory, {OUT} for its results directory\n"
      "(copied back to --out). Default FSFUZZ-ARGS: run --random 20 --dir {DIR} --out {OUT}.\n"
      "Kernel oopses, panics and hung tasks on the console become findings in --out.\n"
      "With --exec, FILE runs instead of fsfuzz (its exit status is reported per filesystem).\n"
      "Example: fsfuzz vm debian-6.12 --fs bcachefs -- stress --dir {DIR} --duration 5m --out {OUT}\n"
      "Example: fsfuzz cprog F.json -o r.c && cc -std=c11 -pthread -O2 -o r r.c &&\n"
      "         fsfuzz vm debian-6.12 --fs bcachefs --exec ./r -- {DIR} 100";
  if (!ParseArgs(args, usage, desc, &pos, vm, &rc)) return rc;
  if (fetch) return Fetch(kernel);
  if (guest.empty()) {
    guest = exec.empty() ? std::vector<std::string>{"run", "--random", "20", "--dir", "{DIR}", "--out", "{OUT}"}
                         : std::vector<std::string>{"{DIR}"};
  }
  if (exec.empty() && guest[0] == "vm") return Fail("vm", Status::Usage("fsfuzz vm inside the VM: give the command to run there"));
  InVmRequest req;
  req.kernel = kernel;
  req.fs = SplitList(fs_list);
  req.image = image;
  req.timeout_s = timeout;
  req.out_dir = out;
  req.guest_command = guest;
  req.exec = exec;
  if (req.fs.empty()) return Fail("vm", Status::Usage("--fs names no filesystem"));
  auto r = RunProgramsInVm(req);
  if (!r.ok()) return Fail("vm", r.status());
  const InVmResult& res = *r;
  std::cout << "VM " << kernel << " (" << res.kernel << "): " << res.outcome
            << (res.detail.empty() ? "" : " - " + res.detail) << "; first command after " << res.boot_s << " s, "
            << res.wall_s << " s in all\n";
  int worst = kExitOk;
  for (size_t i = 0; i < req.fs.size(); ++i) {
    const int st = i < res.exit_statuses.size() ? res.exit_statuses[i] : -1;
    std::cout << "  " << req.fs[i] << ": " << (exec.empty() ? "fsfuzz" : exec);
    for (const std::string& a : guest) std::cout << " " << a;
    std::cout << " -> " << (st < 0 ? std::string("did not finish") : "exit " + std::to_string(st)) << "\n";
    // The guest command's own exit code (the table is the same inside), worst first. An
    // --exec program's status is its own (a C reproducer: 1 = reproduced): reported above,
    // and a non-zero one makes ours kExitFinding.
    if (!exec.empty()) {
      if (st != 0 && worst != kExitHang) worst = std::max<int>(worst, kExitFinding);
      continue;
    }
    if (st == kExitHang) worst = kExitHang;
    else if (st > 0 && worst != kExitHang) worst = std::max(worst, st);
  }
  for (const std::string& s : res.skipped) std::cout << "skipped " << s << "\n";
  for (const Finding& f : res.console_findings) {
    std::cout << "kernel: " << ClassName(f.cls) << ": " << f.title << "\n";
    if (f.evidence.contains("known")) continue;
    worst = f.cls == FindingClass::kHang ? kExitHang : std::max<int>(worst, kExitFinding);
  }
  std::cout << res.finding_files.size() << " finding file(s) in " << out << "; guest results in "
            << (res.results_dir.empty() ? "(none)" : res.results_dir) << "\n";
  if (res.outcome != "completed" && res.console_findings.empty() && worst == kExitOk) return kExitInconclusive;
  return worst;
}

}  // namespace fsfuzz::cli
