#!/usr/bin/env bash
# Runs a command (the Neo4j JVM) and ends it when this script's standard input closes.
#
# The Node process that starts the local Neo4j holds the write end of our stdin pipe. When that process
# exits for ANY reason (Ctrl-C, SIGTERM, a crash, even SIGKILL) the kernel closes the pipe, `cat` sees
# end-of-file and the JVM gets SIGTERM, so the database never outlives its parent. A JVM that has not
# stopped 60 s after SIGTERM is killed.
set -u
exec 3<&0
"$@" </dev/null &
child=$!

stop_child() {
  kill -TERM "$child" 2>/dev/null || return 0
  for _ in $(seq 1 600); do
    kill -0 "$child" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$child" 2>/dev/null || true
}

trap 'stop_child' TERM INT HUP
{ cat <&3 >/dev/null; stop_child; } &
watcher=$!
exec 3<&-

status=0
while kill -0 "$child" 2>/dev/null; do
  wait "$child"
  status=$?
done
kill "$watcher" 2>/dev/null
exit "$status"
