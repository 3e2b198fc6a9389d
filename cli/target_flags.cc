// Target flags (see target_flags.h).
#include "cli/target_flags.h"

#include "src/fsfuzz/exec/sim_bugs.h"
#include "src/fsfuzz/testbed/fs_table.h"

namespace fsfuzz::cli {

std::string SimBugHelp() {
  std::string s;
  for (const SimBugInfo* b = SimBugTable(); b != SimBugTable() + kNumSimBugs; ++b) {
    s += "\n  " + std::string(b->name) + ": " + std::string(b->description);
  }
  return s;
}

void TargetFlags::Add(po::options_description& desc) {
  desc.add_options()("dir", po::value(&dir), "run in this directory (no root needed; its filesystem is probed)")(
      "fs", po::value(&fs),
      "make and mount fresh filesystems (root): a list such as ext4,xfs,btrfs,tmpfs, or 'all'; "
      "variants: ext4-dioread_nolock, ext4-data_journal, ext4-1k, xfs-reflink, tmpfs-huge, bcachefs, f2fs")(
      "backend", po::value(&backend)->default_value("posix"), "posix (real syscalls) or sim (the simulator)")(
      "bug", po::value(&bugs)->composing(), ("simulated bug to switch on (--backend sim; repeatable):" + SimBugHelp()).c_str())(
      "sim-overlap", po::value(&sim_overlap)->default_value("snapshot"),
      "simulator: DIO from an overlapping own mapping copies as 'snapshot' or 'forward'")(
      "sim-misaligned", po::value(&sim_misaligned)->default_value("einval"),
      "simulator: misaligned DIO gives 'einval' or runs 'buffered'")(
      "work-root", po::value(&work_root)->default_value("/tmp"), "where testbeds make their work dirs")(
      "image-mib", po::value(&image_mib)->default_value(512), "testbed image size (sparse)")(
      "loop-4k", po::bool_switch(&loop_4k), "loop devices with 4096-byte logical sectors")(
      "no-loop-dio", po::bool_switch(&loop_dio)->default_value(true)->implicit_value(false),
      "loop devices without direct I/O to the image")(
      "no-kernel-watch", po::bool_switch(&no_kernel_watch), "do not watch /dev/kmsg and tracefs")(
      "view-reads", po::value(&view_reads)->default_value("mapped"),
      "how a check reads the mappings it compares with the file: 'mapped' (the pages in the page tables, "
      "by loads; any other page would fault in what the buffered read just saw), 'loads' (every page, "
      "faulting in the rest; also hits a TLB entry left stale after its PTE was cleared) or 'kernel' "
      "(the pages in the page tables through /proc/self/mem; cheapest on VMs with shadow page tables)");
}

Result<std::vector<TargetSpec>> TargetFlags::Specs() const {
  std::vector<TargetSpec> out;
  int where = !dir.empty() + !fs.empty() + (backend == "sim");
  if (where > 1) return Status::Usage("--dir, --fs and --backend sim exclude each other");
  if (backend != "posix" && backend != "sim") return Status::Usage("--backend must be posix or sim");
  if (!bugs.empty() && backend != "sim") return Status::Usage("--bug needs --backend sim");
  TargetSpec base;
  base.watch_kernel = !no_kernel_watch;
  if (!ViewReadsFromName(view_reads, &base.view_reads)) {
    return Status::Usage("--view-reads must be mapped, loads or kernel");
  }
  base.testbed.work_root = work_root;
  base.testbed.image_mib = image_mib;
  base.testbed.loop_sector = loop_4k ? 4096 : 0;
  base.testbed.loop_direct_io = loop_dio;
  if (backend == "sim") {
    base.kind = TargetSpec::Kind::kSim;
    for (const std::string& b : bugs) {
      SimBug bug;
      if (!SimBugFromName(b, &bug)) return Status::Usage("unknown simulated bug '" + b + "'; known:" + SimBugHelp());
      base.sim.bugs.insert(bug);
    }
    if (!SimOverlapFromName(sim_overlap, &base.sim.overlap)) return Status::Usage("--sim-overlap: snapshot or forward");
    if (!SimMisalignedFromName(sim_misaligned, &base.sim.misaligned)) {
      return Status::Usage("--sim-misaligned: einval or buffered");
    }
    out.push_back(base);
    return out;
  }
  if (!dir.empty()) {
    base.kind = TargetSpec::Kind::kDir;
    base.dir = dir;
    out.push_back(base);
    return out;
  }
  if (fs.empty()) return Status::Usage("say where to run: --dir DIR, --fs LIST (root) or --backend sim");
  auto vs = ParseVariantList(fs);
  if (!vs.ok()) return vs.status();
  for (const Variant* v : *vs) {
    TargetSpec s = base;
    s.kind = TargetSpec::Kind::kTestbed;
    s.variant = std::string(v->name);
    out.push_back(s);
  }
  return out;
}

}  // namespace fsfuzz::cli
