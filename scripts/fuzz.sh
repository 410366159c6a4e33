#!/usr/bin/env bash
# Fuzzes Latte's readers with libFuzzer: builds the targets of Fuzz/ (its own package, with
# -sanitize=fuzzer,address) and runs each for SECONDS (default 60) on a corpus seeded from the
# bundled data (datasets/, configs/, the test fixtures) and Fuzz/Seeds/TARGET.
#
#   scripts/fuzz.sh [SECONDS]
#
# Exit status: 0 when no target found anything; 1 when any target crashed, leaked, hung
# (an input over 10 s) or ran out of memory (its input is kept as Fuzz/.findings/TARGET-*);
# 2 when the targets could not be built or run at all (no libFuzzer in the toolchain, say),
# which is not a finding. The last line is always `fuzz: N targets, M runs, K crashes`.
set -uo pipefail
# Swift's own crash handler trips AddressSanitizer; libFuzzer's report is the one wanted.
export SWIFT_BACKTRACE=enable=no
cd "$(dirname "$0")/.."
seconds=${1:-60}
targets=(FuzzExtXYZ FuzzConfig FuzzPotential FuzzPanna)
corpus=Fuzz/.corpus
findings=Fuzz/.findings
mkdir -p "$findings"
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

if ! (cd Fuzz && swift build -Xswiftc -sanitize=fuzzer,address \
        -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld) >"$log/build" 2>&1; then
    grep -E "error" "$log/build" | grep -v "Cannot export" | head -n 5
    echo "fuzz: the targets could not be built (see above); nothing was fuzzed"
    echo "fuzz: ${#targets[@]} targets, 0 runs, 0 crashes"
    exit 2
fi
bin=Fuzz/.build/debug

# Seeds: the first frames of every bundled extxyz file, the configs, the small potentials.
seed() {  # seed TARGET FILE...: copies the files into TARGET's corpus
    local target=$1; shift
    mkdir -p "$corpus/$target"
    for file in "$@"; do cp "$file" "$corpus/$target/seed-$(echo "$file" | tr '/' '_')"; done
}
for target in "${targets[@]}"; do
    mkdir -p "$corpus/$target"
    [ -d "Fuzz/Seeds/$target" ] && seed "$target" Fuzz/Seeds/"$target"/*
done
for file in datasets/*/*.xyz Tests/LatteTests/Fixtures/golden/structures/*.xyz; do
    head -c 3000 "$file" >"$corpus/FuzzExtXYZ/seed-$(echo "$file" | tr '/' '_')"
done
seed FuzzConfig configs/*.json
seed FuzzPotential $(find Tests/LatteTests/Fixtures/golden/potentials docs -name '*.json' -size -20k)

runs=0 crashes=0 failed=0
for target in "${targets[@]}"; do
    # The outer timeout only guards against libFuzzer itself not stopping.
    timeout $((seconds + 120)) "$bin/$target" "$corpus/$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 -artifact_prefix="$findings/$target-" \
        >"$log/$target" 2>&1
    status=$?
    count=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log/$target" | grep -Eo '[0-9]+$' | tail -n 1)
    runs=$((runs + ${count:-0}))
    if [ "$status" -eq 124 ]; then
        echo "fuzz: $target did not stop by itself; not counted as a finding"
        failed=1
    elif [ "$status" -ne 0 ]; then
        crashes=$((crashes + 1))
        echo "fuzz: $target found a problem (status $status):"
        grep -E "ERROR: |SUMMARY: |Test unit written to|==[0-9]+==" "$log/$target" | head -n 8
    fi
    echo "fuzz: $target: ${count:-0} runs"
done
echo "fuzz: ${#targets[@]} targets, $runs runs, $crashes crashes"
if [ "$crashes" -gt 0 ]; then exit 1; fi
if [ "$failed" -gt 0 ]; then exit 2; fi
exit 0
