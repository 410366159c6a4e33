#!/usr/bin/env bash
# Regenerates the golden fixtures of Tests/LatteTests/Fixtures/golden/ with the slow NumPy
# reference (../shared/reference/latte_reference.py, relative to the repository root).
#
# Why: the Swift model must reproduce the reference's energies, finite-difference forces and
# descriptors for the same potential.json and structures. These fixtures pin those values, so
# the Swift tests need neither Python nor the reference at test time.
#
# Usage (from anywhere):  scripts/make-golden-fixtures.sh
# Needs: python3 with numpy. Takes a few minutes (finite-difference forces cost 6N energies).
set -euo pipefail
cd "$(dirname "$0")/.."

reference=../shared/reference/latte_reference.py
out=Tests/LatteTests/Fixtures/golden
[[ -f $reference ]] || { echo "make-golden-fixtures: $reference not found (run from a checkout beside shared/)" >&2; exit 1; }
rm -rf "$out/potentials" "$out/structures" "$out/outputs"
mkdir -p "$out/potentials" "$out/structures" "$out/outputs"

full_shape='4,-:3,i,i:3,ij,ij:3,ijk,ijk:2,i,j,ij:2,ij,jk,ki:2,i,i,j,j'

# ---------------------------------------------------------------- structures
# copy_frames SOURCE.xyz OUT.xyz INDEX... : copies whole frames (by 0-based index) verbatim.
copy_frames() {
    python3 - "$@" <<'PY'
import sys
source, target, wanted = sys.argv[1], sys.argv[2], [int(i) for i in sys.argv[3:]]
lines = open(source).read().splitlines()
frames, k = [], 0
while k < len(lines):
    if not lines[k].strip():
        k += 1
        continue
    n = int(lines[k].split()[0])
    frames.append(lines[k:k + n + 2])
    k += n + 2
with open(target, "w") as fh:
    for i in wanted:
        fh.write("\n".join(frames[i]) + "\n")
PY
}

copy_frames datasets/ethanol/train.xyz "$out/structures/ethanol_3.xyz" 0 1 500
copy_frames datasets/silicon/train.xyz "$out/structures/silicon_slabs.xyz" 65 63
copy_frames datasets/tial/tial.xyz "$out/structures/tial_2.xyz" 0 1

# Hand-made sheared cells, smaller than the cutoff so that many images are neighbours.
cat > "$out/structures/triclinic_si.xyz" <<'XYZ'
3
Lattice="3.1 0.0 0.0 1.2 2.9 0.0 0.8 0.9 3.0" Properties=species:S:1:pos:R:3 pbc="T T T" config_type=handmade_triclinic
Si 0.0 0.0 0.0
Si 1.45 0.95 0.75
Si 2.9 2.05 1.95
XYZ
cat > "$out/structures/triclinic_tial.xyz" <<'XYZ'
3
Lattice="3.3 0.0 0.0 -1.1 3.0 0.0 0.6 -0.7 3.4" Properties=species:S:1:pos:R:3 pbc="T T T" config_type=handmade_triclinic
Ti 0.1 0.2 0.0
Al 1.4 1.0 1.3
Al 0.2 0.9 2.6
XYZ
cat > "$out/structures/single_atom_si.xyz" <<'XYZ'
1
Lattice="2.3 0.1 0.2 0.7 2.5 -0.1 0.4 0.6 2.6" Properties=species:S:1:pos:R:3 pbc="T T T" config_type=handmade_single_atom
Si 0.3 -0.2 0.5
XYZ
cat > "$out/structures/single_atom_al.xyz" <<'XYZ'
1
Lattice="0.0 2.02 2.02 2.02 0.0 2.02 2.02 2.02 0.0" Properties=species:S:1:pos:R:3 pbc="T T T" config_type=handmade_single_atom
Al 0.0 0.0 0.0
XYZ

# ---------------------------------------------------------------- potentials
# potential NAME SHAPE SPECIES CUTOFF SEED HIDDEN ACTIVATION MODE
# The reference only makes "specific", gaussian potentials; other activations are set after the
# fact, and "common" mode keeps centre-species row 0 of every array (one shared row of centres
# and widths, weights[s_j][u]), which is what the reference's common-mode reader broadcasts.
potential() {
    local name=$1 shape=$2 species=$3 cutoff=$4 seed=$5 hidden=$6 activation=$7 mode=$8
    local path="$out/potentials/$name.json"
    python3 "$reference" random-potential "$shape" "$species" "$cutoff" "$seed" "$path" --hidden "$hidden"
    python3 - "$path" "$activation" "$mode" <<'PY'
import json, sys
path, activation, mode = sys.argv[1:]
pot = json.load(open(path))
pot["networks"]["activation"] = activation
if mode == "common":
    pot["descriptor"]["species_weights"] = "common"
    for term in pot["descriptor"]["terms"]:
        term["weights"] = term["weights"][0]
        term["centers"] = term["centers"][:1]
        term["widths"] = term["widths"][:1]
json.dump(pot, open(path, "w"))
PY
}

potential full_cho      "$full_shape"             C,H,O 4.0 11 8,4   gaussian specific
potential full_si       "$full_shape"             Si    4.5 12 8,4   gaussian specific
potential full_tial     "$full_shape"             Ti,Al 4.5 13 8,4   gaussian specific
potential radial_si     '3,-:2,i,i'               Si    5.0 14 6     tanh     specific
potential radial_alti   '3,-:2,i,i'               Al,Ti 4.5 15 4     linear   specific
potential tensor_hco    '2,ij,ij:2,ijk,ijk'       H,C,O 4.0 16 5,4,3 softplus specific
potential common_och    '3,-:2,i,i:2,ij,ij:2,i,j,ij' O,C,H 4.0 17 6,4 silu     common

# ---------------------------------------------------------------- reference outputs
pairs=(
    "full_cho ethanol_3"
    "full_si silicon_slabs"
    "full_si triclinic_si"
    "full_si single_atom_si"
    "full_tial tial_2"
    "full_tial triclinic_tial"
    "full_tial single_atom_al"
    "radial_si triclinic_si"
    "radial_si single_atom_si"
    "radial_si silicon_slabs"
    "radial_alti tial_2"
    "radial_alti triclinic_tial"
    "tensor_hco ethanol_3"
    "common_och ethanol_3"
)
for pair in "${pairs[@]}"; do
    read -r pot xyz <<<"$pair"
    echo "make-golden-fixtures: $pot × $xyz" >&2
    python3 "$reference" energy "$out/potentials/$pot.json" "$out/structures/$xyz.xyz" --forces --descriptors \
        > "$out/outputs/${pot}__${xyz}.json"
done

# ---------------------------------------------------------------- manifest
python3 - "$out" "${pairs[@]}" <<'PY'
import json, sys
out, pairs = sys.argv[1], [p.split() for p in sys.argv[2:]]
entries = []
for pot, xyz in pairs:
    meta = json.load(open(f"{out}/potentials/{pot}.json"))
    results = json.load(open(f"{out}/outputs/{pot}__{xyz}.json"))
    entries.append({
        "potential": f"potentials/{pot}.json",
        "structures": f"structures/{xyz}.xyz",
        "output": f"outputs/{pot}__{xyz}.json",
        "species": meta["species"],
        "shape": meta["descriptor"]["shape"],
        "species_weights": meta["descriptor"]["species_weights"],
        "activation": meta["networks"]["activation"],
        "cutoff": meta["cutoff"],
        "frames": len(results),
        "atoms": [len(r["forces"]) for r in results],
    })
json.dump({"generator": "scripts/make-golden-fixtures.sh",
           "reference": "../shared/reference/latte_reference.py",
           "fixtures": entries}, open(f"{out}/manifest.json", "w"), indent=1)
PY
echo "make-golden-fixtures: wrote $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1)" >&2
