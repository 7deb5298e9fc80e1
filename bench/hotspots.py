"""Summarise a py-spy collapsed-stack file (from --profile): where the worker spent its time.

    /work/venv/bin/python -m bench.hotspots DIR/app-PORT.txt [--top 25] [--match parkbank]

Prints the functions with the most samples inclusive (anywhere on the stack) and self (on top),
as a share of the samples in which the worker was running (py-spy leaves out idle waiting).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def read(path: Path) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if frames:
            stacks.append((frames.split(";"), int(count)))
    return stacks


def below(stacks, under: str):
    """Only the part of each stack above (called from) the first frame containing `under`."""
    cut = []
    for frames, count in stacks:
        at = next((i for i, f in enumerate(frames) if under in f), None)
        if at is not None:
            cut.append((frames[at:], count))
    return cut


def summarise(path: Path, top: int = 25, match: str = "", under: str = "") -> None:
    stacks = read(path)
    total = sum(count for _frames, count in stacks) or 1
    if under:
        stacks = below(stacks, under)
    inclusive, own = Counter(), Counter()
    for frames, count in stacks:
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count
    print(f"{path.name}: {total} samples")
    for title, counter in (("inclusive", inclusive), ("self", own)):
        print(f"\n  top {title}")
        shown = [(f, c) for f, c in counter.most_common() if match in f][:top]
        for frame, count in shown:
            print(f"  {100 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--match", default="", help="only frames containing this text, e.g. parkbank")
    p.add_argument("--under", default="", help="only what runs inside the frame containing this text, "
                   "e.g. 'views.py:79'")
    a = p.parse_args()
    summarise(a.file, a.top, a.match, a.under)
