#!/usr/bin/env bash
# Issue #11's scenario: kill -9 a run over the BBC corpus after SECONDS, rerun it, and compare the
# result with an uninterrupted run's. Usage: bench/crash_bbc.sh [SECONDS] [WORKDIR]
#   bench/crash_bbc.sh 12 /tmp/crash      # kill during cleaning
#   bench/crash_bbc.sh 40 /tmp/crash      # later (on this machine: during extraction)
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_BEFORE_KILL=${1:-12}
WORK=${2:-/tmp/newsfuse-crash}
CORPUS=../shared/data/bbc-fulltext
NF=.venv/bin/newsfuse
mkdir -p "$WORK"
if [ ! -f "$WORK/clean/stories.json" ]; then
  /usr/bin/time -f "clean run: %e s, %M KB peak" $NF run "$CORPUS" --out "$WORK/clean" > "$WORK/clean.log" 2>&1
  tail -1 "$WORK/clean.log"
fi
rm -rf "$WORK/crash"
$NF run "$CORPUS" --out "$WORK/crash" > "$WORK/crash1.log" 2>&1 &
PID=$!
sleep "$SECONDS_BEFORE_KILL"
kill -9 $PID
wait $PID; echo "first run: status $? (137 = killed)"
.venv/bin/python -c "
from newsfuse.store import Store
with Store('$WORK/crash/newsfuse.duckdb', read_only=True) as s: print('after the kill:', s.counts())"
/usr/bin/time -f "rerun: %e s" $NF run "$CORPUS" --out "$WORK/crash" > "$WORK/crash2.log" 2>&1
echo "rerun: status $?"; grep "^store:" "$WORK/crash2.log"; grep "^store:" "$WORK/clean.log"
cmp "$WORK/crash/stories.json" "$WORK/clean/stories.json" && echo "stories.json byte-identical to the clean run's"
