#!/usr/bin/env python3
"""Split an extended XYZ file into train and test files by frame number, without rewriting
any frame: every `every`-th frame (1-based frame numbers divisible by `every`) goes to test.

    scripts/split-frames.py IN.xyz TRAIN.xyz TEST.xyz [--every 10]

Used to make datasets/tial/{train,test}.xyz from the single Ti-Al file (see datasets/SOURCES.md).
Only the standard library is needed: frames are copied line by line.
"""
import argparse


def frames(path):
    with open(path) as handle:
        lines = handle.readlines()
    at = 0
    while at < len(lines):
        count = int(lines[at].split()[0])
        yield lines[at:at + count + 2]
        at += count + 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source")
    parser.add_argument("train")
    parser.add_argument("test")
    parser.add_argument("--every", type=int, default=10)
    args = parser.parse_args()
    train, test = [], []
    for number, frame in enumerate(frames(args.source), start=1):
        (test if number % args.every == 0 else train).append(frame)
    for path, chosen in ((args.train, train), (args.test, test)):
        with open(path, "w") as handle:
            for frame in chosen:
                handle.writelines(frame)
    print(f"{args.train}: {len(train)} frames; {args.test}: {len(test)} frames")


if __name__ == "__main__":
    main()
