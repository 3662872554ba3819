#!/bin/sh
# Prints the CPU instructions nianbao-bench spends per seed report, counted by valgrind (callgrind):
# a figure that, unlike reports per second, does not move with the machine's load. Two runs of
# different lengths are subtracted so that start-up costs cancel out. Valgrind hides the processor's
# SHA extensions, so the figure includes the Swift SHA-256 (about 0.45 M instructions for a 7 KB
# seed), which a real run does in hardware.
# Usage: scripts/instructions-per-report.sh [SEEDS_DIR]   (needs valgrind and a release build)
set -eu
seeds="${1:-../shared/seeds}"
bench="$(dirname "$0")/../.build/release/nianbao-bench"
command -v valgrind >/dev/null || { echo "instructions-per-report.sh: needs valgrind (apt-get install valgrind)" >&2; exit 2; }
[ -x "$bench" ] || { echo "instructions-per-report.sh: build first: swift build -c release" >&2; exit 2; }
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bench" seeds --iterations "$1" --seeds-dir "$seeds" 2>&1 \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
short=$(count 12)
long=$(count 132)
echo "instructions per seed report: $(( (long - short) / 120 ))"
