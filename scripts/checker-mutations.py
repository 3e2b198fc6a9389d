#!/usr/bin/env python3
"""Checker mutation check: removes each oracle rule in turn (in a scratch git worktree),
rebuilds the checker and end-to-end tests, and prints which tests fail. Every rule must make
at least one test fail; a rule no test notices is a rule nobody has seen fire.
Usage: scripts/checker-mutations.py   (from the repository; needs cmake, g++)"""
import os, subprocess, sys, tempfile
muts = [
 ("R1 sequential reads exact", "src/fsfuzz/check/check_seq.cc",
  "  if (!std::equal(exp.begin(), exp.end(), rec.data.begin())) {\n    next_check = BytesCheck(direct",
  "  if (false) {\n    next_check = BytesCheck(direct"),
 ("R2 size exact", "src/fsfuzz/check/check_views.cc",
  "  if (!observed || *observed == model.size()) return;", "  return;"),
 ("R3 settle admissible", "src/fsfuzz/check/check_round.cc",
  "    auto bad = Unmatched(choice);\n    if (!bad.empty()) {", "    auto bad = Unmatched(choice);\n    if (false) {"),
 ("R3b in-round reads", "src/fsfuzz/check/check_round.cc",
  "    auto choice = cs.Match(model.data(), off, r.data.data(), len, false);\n    if (!Unmatched(choice).empty() && getenv",
  "    auto choice = cs.Match(model.data(), off, r.data.data(), len, false);\n    choice.assign(choice.size(), 0);\n    if (!Unmatched(choice).empty() && getenv"),
 ("R4 views agree", "src/fsfuzz/check/check_views.cc",
  "  if (!first_bad) return;", "  return;"),
 ("R5 EOF tail zero or junk", "src/fsfuzz/check/check_views.cc",
  "    if (data[i] == 0 || try_segs(model.junk(), o, data[i])) continue;", "    continue;"),
 ("R6 SIGBUS exact", "src/fsfuzz/check/check_seq.cc",
  "  if (rec.sigbus != want_bus || static_cast<uint64_t>(std::max<int64_t>(rec.ret, 0)) != want_done) {",
  "  if (false) {"),
 ("R7 errno predicted", "src/fsfuzz/check/checker.cc",
  "void Checker::Impl::UnexpectedErrno(uint32_t id, const OpRecord& rec, const std::string& expected) {",
  "void Checker::Impl::UnexpectedErrno(uint32_t id, const OpRecord& rec, const std::string& expected) {\n  if (id || !id) return;"),
 ("R8 completed writes are definite", "src/fsfuzz/check/check_round.cc",
  "  for (const Range& d : definite) base.MarkDefinite(d.off, d.len);", "  (void)definite;"),
 ("R9 round sizes from orderings", "src/fsfuzz/check/check_round.cc",
  "  if (std::find(finals.begin(), finals.end(), fsz) == finals.end()) {", "  if (false) {"),
 ("R10 EIO without collision unexpected", "src/fsfuzz/check/checker.cc",
  "  if (rec.ret < 0 && rec.err == EIO && collision_suspect) {", "  if (rec.ret < 0 && rec.err == EIO) {"),
 ("R11 stale data without EIO is silent mismatch", "src/fsfuzz/check/checker.cc",
  "  std::vector<Finding> h = std::move(held);", "  std::vector<Finding> h;"),
 ("R12 ENOSPC inconclusive", "src/fsfuzz/check/checker.cc",
  "  if (rec.ret < 0 && (rec.err == ENOSPC || rec.err == EDQUOT)) {", "  if (false) {"),
 ("R13 missing settle inconclusive", "src/fsfuzz/check/check_round.cc",
  "      if (it == covered.end()) {", "      if (false) {"),
]
repo = subprocess.run(["git","rev-parse","--show-toplevel"],capture_output=True,text=True).stdout.strip()
root = tempfile.mkdtemp(prefix="fsfuzz-mutations-")
subprocess.run(["git","-C",repo,"worktree","add","-f","--detach",root,"HEAD"],check=True,capture_output=True)
subprocess.run(["cmake","-S",root,"-B",f"{root}/build","-DFSFUZZ_BUILD_TOOLS=OFF","-DCMAKE_BUILD_TYPE=Release"],check=True,capture_output=True)
subprocess.run(["cmake","--build",f"{root}/build","-j2","--target","fsfuzz_check_test","fsfuzz_run_test"],check=True,capture_output=True)
unnoticed = 0
for name, path, old, new in muts:
    p = f"{root}/{path}"
    src = open(p).read()
    if old not in src:
        print(f"{name}: PATTERN NOT FOUND"); continue
    open(p, "w").write(src.replace(old, new, 1))
    try:
        b = subprocess.run(["cmake","--build",f"{root}/build","-j2","--target","fsfuzz_check_test","fsfuzz_run_test"],capture_output=True,text=True)
        if b.returncode != 0:
            print(f"{name}: BUILD FAILED\n{b.stdout[-2000:]}"); continue
        fails = []
        for t in ["fsfuzz_check_test","fsfuzz_run_test"]:
            r = subprocess.run([f"{root}/build/src/fsfuzz/{t}","--gtest_brief=1"],capture_output=True,text=True)
            fails += [l.split()[3] for l in r.stdout.splitlines() if l.startswith("[  FAILED  ]") and "listed below" not in l and "tests," not in l]
        print(f"{name}: {len(fails)} failing -> {', '.join(sorted(set(fails)))[:300]}")
        if not fails: unnoticed += 1
    finally:
        open(p, "w").write(src)

subprocess.run(["git","-C",repo,"worktree","remove","--force",root],capture_output=True)
print("every rule is noticed" if unnoticed == 0 else f"{unnoticed} rule(s) no test notices")
sys.exit(1 if unnoticed else 0)
