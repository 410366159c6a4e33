#!/usr/bin/env python3
"""Energy of structures from PANNA `pair_style latte` files, computed the way the plugin reads them.

    python3 scripts/panna-energy.py FOLDER STRUCTURES.xyz

FOLDER holds `panna.in` and its `model_file` (as `latte-export` writes them; layout in
docs/PANNA-EXPORT.md). Prints a JSON list with one {"energy": E} (eV) per frame of the extended
XYZ file. An independent check of the export: it follows the plugin's parsing of panna.in and
its indexing of the binary (species weights [(s_i*S + s_j)*U + u], centres and widths
[s_i*U + u], weights [s][out][in], letter index x of a body at stride 3**(c - x - 1) of the
dense 3**c tensor), with the LATTE formulas of METHOD.md, in float64 from the float32 numbers.
Only numpy is needed; periodic images as in METHOD.md (cells smaller than the cutoff are fine).
"""
import itertools
import json
import re
import shlex
import sys

import numpy as np


def read_parameters(path):
    """key=value pairs, read as the plugin does: spaces removed, '#' and empty lines skipped."""
    values = {}
    with open(path) as fh:
        for line in fh.read().split("\n")[:-1]:      # the plugin ignores a last line without newline
            line = line.replace(" ", "")
            if not line or line.startswith("#"):
                continue
            if "=" not in line:
                raise SystemExit(f"{path}: '{line}' is not key=value; the plugin stops reading there")
            key, value = line.split("=", 1)
            values[key] = value
    return values


NPOS = 2**64 - 1     # std::string::npos; the plugin adds 1 or 2 to it, wrapping around


def find(text, char):
    at = text.find(char)
    return NPOS if at < 0 else at


def erase_through(text, pos, extra):
    """text.erase(0, pos + extra) with size_t arithmetic, as the plugin calls it."""
    return text[(pos + extra) % 2**64:]


def atoi(text):
    digits = re.match(r"\s*[+-]?\d+", text)
    return int(digits.group()) if digits else 0


def parse_blocks(value):
    """descriptor_shape -> [(n, c, m, bodies)], emulating the plugin's find/substr/erase/atoi
    sequence step by step (so a spelling it would misread is misread here too)."""
    pos = find(value, ":")
    count = atoi(value[:pos])
    value = erase_through(value, pos, 1)
    blocks = []
    for _ in range(count):
        pos = find(value, ":")
        block = value[:pos]
        pos2 = find(block, ","); n = atoi(block[:pos2]); block = erase_through(block, pos2, 1)
        pos2 = find(block, ","); c = atoi(block[:pos2]); block = erase_through(block, pos2, 1)
        pos2 = find(block, "["); m = atoi(block[:pos2]); block = erase_through(block, pos2, 1)
        bodies = []
        if c > 0:
            for _ in range(m):
                pos2 = find(block, "("); k = atoi(block[:pos2]); block = erase_through(block, pos2, 1)
                indices = []
                for _ in range(k):
                    pos2 = find(block, ","); indices.append(atoi(block[:pos2])); block = erase_through(block, pos2, 1)
                pos2 = find(block, ")"); block = erase_through(block, pos2, 2)
                bodies.append(indices)
        blocks.append((n, c, m, bodies))
        value = erase_through(value, pos, 1)
    return blocks


def load(folder):
    par = read_parameters(folder + "/panna.in")
    assert par.get("activation") == "0" and par.get("format", "0") == "0"
    S = int(par["species"].split(",")[0])
    symbols = par["species"].split(",")[1:]
    arch = [int(x) for x in par["architecture"].split(",")]
    sizes = arch[1:arch[0] + 1]
    blocks = parse_blocks(par["descriptor_shape"])
    sigma = float(par.get("sigma", "0"))
    data = np.fromfile(folder + "/" + par["model_file"], dtype="<f4").astype(np.float64)
    at = 0

    def take(count):
        nonlocal at
        chunk = data[at:at + count]
        assert len(chunk) == count, "model file too small"
        at += count
        return chunk

    desc = []
    for (n, c, m, bodies) in blocks:
        U = n * m
        spw = take(S * S * U).reshape(S, S, U)
        cen = take(S * U).reshape(S, U)
        sig = take(S * U).reshape(S, U) if sigma == 0 else np.full((S, U), np.float32(sigma), dtype=np.float64)
        desc.append(dict(n=n, c=c, m=m, bodies=bodies, spw=spw, cen=cen, sig=sig))
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers.append((take(S * b * a).reshape(S, b, a), take(S * b).reshape(S, b)))
    assert at == len(data), "model file too big"
    return dict(S=S, symbols=symbols, cutoff=float(par["cutoff"]), desc=desc, layers=layers)


def read_xyz(path):
    frames, lines, k = [], open(path).read().splitlines(), 0
    while k < len(lines):
        if not lines[k].strip():
            k += 1
            continue
        n = int(lines[k].split()[0])
        comment = lines[k + 1].replace("pbc=[", 'pbc="[').replace("]", ']"') if "pbc=[" in lines[k + 1] else lines[k + 1]
        info = dict(tok.split("=", 1) for tok in shlex.split(comment) if "=" in tok)
        cols = info.get("Properties", "species:S:1:pos:R:3").split(":")
        offset, where = 0, {}
        for name, count in zip(cols[0::3], cols[2::3]):
            where[name] = offset
            offset += int(count)
        rows = [lines[k + 2 + a].split() for a in range(n)]
        species = [r[where["species"]] for r in rows]
        pos = np.array([[float(x) for x in r[where["pos"]:where["pos"] + 3]] for r in rows])
        cell = np.array([float(x) for x in info["Lattice"].split()]).reshape(3, 3) if "Lattice" in info else None
        pbc = re.findall(r"T|F|True|False", info.get("pbc", "T T T" if cell is not None else "F F F"))
        if cell is not None and not any(p in ("T", "True") for p in pbc):
            cell = None
        frames.append((species, pos, cell))
        k += n + 2
    return frames


def pairs(pos, cell, rc):
    shifts = [np.zeros(3)]
    if cell is not None:
        spacing = 1.0 / np.linalg.norm(np.linalg.inv(cell), axis=0)
        reps = [int(np.ceil(rc / s)) + 1 for s in spacing]
        shifts = [np.array(s) @ cell for s in itertools.product(*[range(-r, r + 1) for r in reps])]
    I, J, V = [], [], []
    for shift in shifts:
        d = pos[None, :, :] + shift - pos[:, None, :]
        r = np.linalg.norm(d, axis=2)
        i, j = np.nonzero((r < rc) & (r > 1e-10))
        I.append(i); J.append(j); V.append(d[i, j])
    return np.concatenate(I), np.concatenate(J), np.concatenate(V)


def energy(model, species, pos, cell):
    S, types = model["S"], np.array([model["symbols"].index(s) for s in species])
    I, J, V = pairs(pos, cell, model["cutoff"])
    r = np.linalg.norm(V, axis=1)
    vers = V / r[:, None]
    ti, tj = types[I], types[J]
    D = []
    for blk in model["desc"]:
        n, c, m = blk["n"], blk["c"], blk["m"]
        cen, sig = blk["cen"][ti], blk["sig"][ti]                 # [P, U]
        y = (r[:, None] - cen) / sig
        t = 1.0 - y * y
        rf = np.where(t < 0, 0.0, t * t * t / (cen * cen)) * blk["spw"][ti, tj]
        if c == 0:
            A = np.zeros((len(pos), n))
            np.add.at(A, I, rf[:, :n])
            D.append(A)
            continue
        size = 3 ** c
        comp = np.array([[(l // 3 ** (c - x - 1)) % 3 for x in range(c)] for l in range(size)])  # [3^c, c]
        prod = np.ones((len(pos), n, size))
        for o, body in enumerate(blk["bodies"]):           # body o uses channels o*n ... o*n + n - 1
            tens = np.ones((len(r), size))
            for x in body:
                tens *= vers[:, comp[:, x]]
            A = np.zeros((len(pos), n, size))
            np.add.at(A, I, rf[:, o * n:(o + 1) * n, None] * tens[:, None, :])
            prod *= A
        D.append(prod.sum(axis=2))
    x = np.concatenate(D, axis=1)
    total = 0.0
    for a in range(len(pos)):
        h = x[a]
        for l, (w, b) in enumerate(model["layers"]):
            h = w[types[a]] @ h + b[types[a]]
            if l < len(model["layers"]) - 1:
                h = np.exp(-h * h)
        total += float(h[0])
    return total


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    model = load(argv[0])
    print(json.dumps([{"energy": energy(model, *frame)} for frame in read_xyz(argv[1])]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
