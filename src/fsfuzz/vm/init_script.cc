// The guest's /init (busybox sh), the same for every run; /fsfuzz/config says what to do.
// Every step is reported as a frame "@@FSFUZZ-INIT {json}@@" on the console and, once the
// results disk is mounted, appended (and fsynced) to /results/fsfuzz-init.jsonl.
#include "src/fsfuzz/vm/guest_plan.h"

namespace fsfuzz::vm {

std::string InitScript() {
  return R"INIT(#!/bin/sh
# fsfuzz guest init (src/fsfuzz/vm/init_script.cc): load modules, mount the results disk
# and the test disks, run each command, write results, power off; a watchdog dumps all
# task stacks when a mount or a command outlives its deadline.
export PATH=/fsfuzz/bin:/bin:/sbin:/usr/bin:/usr/sbin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /results /mnt /root
echo 1 > /proc/sys/kernel/sysrq
echo /sbin/modprobe > /proc/sys/kernel/modprobe
. /fsfuzz/config
LOG=

up() { read u rest < /proc/uptime; echo "$u"; }
# Text made safe for a JSON string: no quotes, backslashes or newlines.
clean() { tr -d '"\\\r' | tr '\n\t' '  ' | cut -c1-400; }
frame() {
  line="{$1,\"uptime\":$(up)}"
  echo "@@FSFUZZ-INIT $line@@"
  if [ -n "$LOG" ]; then echo "$line" >> "$LOG"; sync "$LOG"; fi
}
die_off() { sync; poweroff -f; sleep 5; echo o > /proc/sysrq-trigger; }

frame "\"event\":\"start\",\"kernel\":\"$(uname -r)\""

while read -r req path; do
  [ -n "$path" ] || continue
  if ! err=$(insmod "/lib/modules/$KVER/$path" 2>&1); then
    case "$err" in *"File exists"*) continue ;; esac
    frame "\"event\":\"module\",\"path\":\"$path\",\"required\":$req,\"ok\":false,\"error\":\"$(echo "$err" | clean)\""
  fi
done < /fsfuzz/modules
frame "\"event\":\"modules_loaded\""

# /dev/vdX of a virtio disk by its serial (probing may lag insmod a little).
dev_of() {
  n=0
  while [ $n -lt 100 ]; do
    for d in /sys/block/vd*; do
      [ -e "$d/serial" ] || continue
      if [ "$(cat "$d/serial")" = "$1" ]; then echo "/dev/${d##*/}"; return 0; fi
    done
    usleep 50000
    n=$((n + 1))
  done
  return 1
}

if rdev=$(dev_of fsfuzz-results) && err=$(mount -t ext4 "$rdev" /results 2>&1); then
  LOG=/results/fsfuzz-init.jsonl
  frame "\"event\":\"results\",\"ok\":true,\"dev\":\"$rdev\""
else
  frame "\"event\":\"results\",\"ok\":false,\"error\":\"$(echo "no results disk: $err" | clean)\""
fi

# Dumps every task's stack to the console when the step ($1: JSON fields naming it)
# outlives $2 seconds, then leaves the VM to the host (a task stuck in the kernel cannot be
# killed from here). Runs in the background; killed when the step ends in time.
watchdog() {
  trap 'kill $sp 2>/dev/null; exit 0' TERM
  sleep "$2" &
  sp=$!
  wait $sp
  frame "\"event\":\"hang\",$1,\"after\":$2"
  echo 8 > /proc/sys/kernel/printk
  echo w > /proc/sysrq-trigger
  echo t > /proc/sysrq-trigger
  echo l > /proc/sysrq-trigger
  frame "\"event\":\"hang_dumped\",$1"
  exit 0
}
stop_watchdog() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

for name in $DISKS; do
  eval "fs=\$DISK_${name}_FS opts=\$DISK_${name}_OPTS"
  mkdir -p "/mnt/$name"
  t0=$(up)
  watchdog "\"mount\":\"$name\"" "$SETUP_TIMEOUT" &
  wd=$!
  if ! dev=$(dev_of "fsfuzz-$name"); then
    frame "\"event\":\"mount\",\"disk\":\"$name\",\"fs\":\"$fs\",\"ok\":false,\"error\":\"no disk with serial fsfuzz-$name\""
  elif err=$(mount -t "$fs" ${opts:+-o "$opts"} "$dev" "/mnt/$name" 2>&1); then
    export "FSFUZZ_MNT_$name=/mnt/$name"
    frame "\"event\":\"mount\",\"disk\":\"$name\",\"fs\":\"$fs\",\"dev\":\"$dev\",\"ok\":true,\"since\":$t0"
  else
    frame "\"event\":\"mount\",\"disk\":\"$name\",\"fs\":\"$fs\",\"dev\":\"$dev\",\"ok\":false,\"error\":\"$(echo "$err" | clean)\""
  fi
  stop_watchdog $wd
done

if [ "$CRASH_HOOK" = panic ]; then
  frame "\"event\":\"crash_hook\",\"hook\":\"panic\""
  echo c > /proc/sysrq-trigger
fi

export FSFUZZ_IN_VM=1 FSFUZZ_RESULTS=/results
i=0
while [ $i -lt "$NCMDS" ]; do
  eval "t=\$CMD_${i}_TIMEOUT"
  export FSFUZZ_CMD_INDEX=$i FSFUZZ_CMD_TIMEOUT=$t
  watchdog "\"index\":$i" "$t" &
  wd=$!
  frame "\"event\":\"cmd_start\",\"index\":$i,\"timeout\":$t"
  ( cd /tmp && "cmd_$i" ) < /dev/null
  rc=$?
  stop_watchdog $wd
  frame "\"event\":\"cmd_exit\",\"index\":$i,\"status\":$rc"
  i=$((i + 1))
done

sync
for name in $DISKS; do
  if grep -q " /mnt/$name " /proc/mounts; then
    if err=$(umount "/mnt/$name" 2>&1); then
      frame "\"event\":\"umount\",\"disk\":\"$name\",\"ok\":true"
    else
      frame "\"event\":\"umount\",\"disk\":\"$name\",\"ok\":false,\"error\":\"$(echo "$err" | clean)\""
    fi
  fi
done
frame "\"event\":\"done\""
if [ -n "$LOG" ]; then LOG=; umount /results; fi
die_off
)INIT";
}

}  // namespace fsfuzz::vm
