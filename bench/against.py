"""Run a benchmark against another git revision and this working tree in one go, alternating.

    python -m bench.against REV [--rounds 2] [--match REGEX] [--rev-bench] -- bench.board_read [args]

A temporary `git worktree` of REV (detached, in a temp dir, removed afterwards) is side A; this
working tree, uncommitted changes included, is side B. Each run is `python -m MODULE ARGS` with the
side's tree as cwd and first on PYTHONPATH, so the bench process, `bench.seed` (the migrations) and
the gunicorn servers the bench starts (cwd = the bench's ROOT, environment inherited) all import
that side's `parkbank`, templates and migrations, not the editable install. To prove it:

* before the runs, each side's bench process is asked where `parkbank` comes from;
* every gunicorn worker started during a run reports, through a hook given to it in
  GUNICORN_CMD_ARGS (`--config`), the `parkbank` it imported, its migrations folder and head, and
  the revision the database is at. Both are printed once per side; a side that imported another
  tree's code stops the comparison.

The runs go A B A B ... (--rounds), so both sides see the same machine. By default both sides run
this tree's bench/ code (copied over REV's), so only the app differs; --rev-bench keeps REV's own.

The numbers are read from the tables every bench prints (bench.common.table): each numeric cell
becomes "table / row / column", and the summary shows every run's value, the median per side and
B/A. --match keeps the cells whose "table / row / column" matches a regular expression. The
bench's raw JSON files (the "raw:" line) are copied to bench/results/against-STAMP/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.common import RESULTS, ROOT, fmt, header, save, table

DASHES = re.compile(r"^-+(  -+)*$")
NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?)(?: \(.*\))?$")  # "12.5" or "671.2 (1 call > cap)"
PROBE = '''"""Given to every gunicorn by bench/against.py (GUNICORN_CMD_ARGS="--config THIS"): once a worker
has loaded the app, note which parkbank it imported, its migrations and the database's revision."""
import json
import os
import sys


def post_worker_init(worker):
    note = {"pid": os.getpid(), "app": getattr(worker.app, "app_uri", None),
            "parkbank": getattr(sys.modules.get("parkbank"), "__file__", None)}
    app = worker.wsgi
    migrate = getattr(app, "extensions", {}).get("migrate")
    if migrate is not None:
        try:
            from alembic.script import ScriptDirectory
            from sqlalchemy import text

            from parkbank.extensions import db

            note["migrations"] = str(migrate.directory)
            note["head"] = sorted(ScriptDirectory(migrate.directory).get_heads())
            with app.app_context():
                note["database_at"] = sorted(
                    db.session.execute(text("SELECT version_num FROM alembic_version")).scalars())
                db.session.remove()
        except Exception as error:  # report, never stop the server
            note["error"] = repr(error)
    with open(os.environ["BENCH_AGAINST_PROBE"], "a") as out:
        out.write(json.dumps(note) + "\\n")
'''


@dataclass
class Side:
    name: str  # "A" or "B"
    label: str
    tree: Path
    runs: list[dict] = field(default_factory=list)
    servers_shown: bool = False


def git(*args: str, cwd: Path = ROOT) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def inside(path: str | None, tree: Path) -> bool:
    return bool(path) and Path(path).resolve().is_relative_to(tree.resolve())


def side_env(side: Side, work: Path, probe_out: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(side.tree), *filter(None, [env.get("PYTHONPATH")])])
    probe = f"--config {work / 'gunicorn_probe.py'}"
    env["GUNICORN_CMD_ARGS"] = f"{probe} {env.get('GUNICORN_CMD_ARGS', '')}".strip()
    env["BENCH_AGAINST_PROBE"] = str(probe_out)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def check_bench_process(side: Side, work: Path) -> None:
    """Where the bench process of this side imports parkbank from (same cwd and PYTHONPATH)."""
    env = side_env(side, work, work / "unused")
    found = subprocess.run([sys.executable, "-c", "import parkbank; print(parkbank.__file__)"],
                           cwd=side.tree, env=env, capture_output=True, text=True, check=True).stdout.strip()
    ok = inside(found, side.tree)
    print(f"{side.name} bench process: parkbank from {found}{'' if ok else '  <-- NOT THIS TREE'}",
          flush=True)
    if not ok:
        raise SystemExit(f"side {side.name} would not run its own code: stopping")


def show_servers(side: Side, probe_out: Path) -> None:
    notes = [json.loads(line) for line in probe_out.read_text().splitlines()] if probe_out.exists() else []
    if not notes:
        print(f"{side.name} servers: none started (an in-process bench)", flush=True)
        return
    seen = set()
    for note in notes:
        key = (note.get("app"), note.get("parkbank"), note.get("migrations"), str(note.get("head")),
               str(note.get("database_at")), note.get("error"))
        if key in seen:
            continue
        seen.add(key)
        if note.get("parkbank") is None:
            print(f"{side.name} server {note.get('app')}: no parkbank (a baseline)", flush=True)
            continue
        ok = inside(note["parkbank"], side.tree) and inside(note.get("migrations"), side.tree)
        migrated = note.get("head") == note.get("database_at")
        print(f"{side.name} server {note.get('app')}: parkbank from {note['parkbank']}; migrations "
              f"{note.get('migrations')} head {','.join(note.get('head') or [])}, database at "
              f"{','.join(note.get('database_at') or [])}{'  ' + note['error'] if note.get('error') else ''}"
              f"{'' if ok else '  <-- NOT THIS TREE'}{'' if migrated else '  <-- NOT AT HEAD'}", flush=True)
        if not ok:
            raise SystemExit(f"a server of side {side.name} ran another tree's code: stopping")


def parse_tables(lines: list[str]) -> list[tuple[str, list[tuple[str, str, float | str]]]]:
    """The tables bench.common.table printed: [(title, [(row label, column, value)])]. Columns are
    where the dashes are; a row's label is its first cell, extended by the next ones until unique."""
    tables = []
    for i, line in enumerate(lines):
        if i < 2 or not DASHES.match(line):
            continue
        spans = [m.span() for m in re.finditer(r"-+", line)]
        columns = [lines[i - 1][a:b].strip() for a, b in spans]
        gaps = [(spans[k][1], spans[k + 1][0]) for k in range(len(spans) - 1)]
        rows = []
        for row in lines[i + 1:]:
            if not row.strip() or any(row[g:h].strip() for g, h in gaps):  # blank, or not in the columns
                break
            rows.append([row[a:b].strip() for a, b in spans[:-1]] + [row[spans[-1][0]:].strip()])
        width = 1
        while width < len(columns) and len({" ".join(r[:width]) for r in rows}) < len(rows):
            width += 1
        cells = []
        for row in rows:
            label = " ".join(row[:width])
            for column, value in zip(columns[width:], row[width:], strict=True):
                number = NUMBER.match(value)
                if number:
                    value = float(number.group(1)) if "." in number.group(1) else int(number.group(1))
                cells.append((label, column, value))
        tables.append((lines[i - 2].strip(), cells))
    return tables


def run(side: Side, rnd: int, module: str, module_args: list[str], work: Path, keep: Path) -> None:
    probe_out = work / f"probe-{side.name}{rnd}.jsonl"
    command = [sys.executable, "-m", module, *module_args]
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"\n--- round {rnd}, side {side.name} ({side.label}): {' '.join(command[1:])}  [load {load}]",
          flush=True)
    started = time.monotonic()
    lines = []
    with subprocess.Popen(command, cwd=side.tree, env=side_env(side, work, probe_out), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as bench:
        for line in bench.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            print(f"  {side.name}{rnd}| {line}", flush=True)
    seconds = time.monotonic() - started
    if bench.returncode != 0:
        raise SystemExit(f"side {side.name}, round {rnd}: {module} exited with {bench.returncode}")
    if not side.servers_shown:
        show_servers(side, probe_out)
        side.servers_shown = True
    raws = []
    for line in lines:
        if line.startswith("raw:") and Path(line[4:].strip()).exists():
            source = Path(line[4:].strip())
            keep.mkdir(parents=True, exist_ok=True)
            raws.append(str(shutil.copy(source, keep / f"{side.name}{rnd}-{source.name}")))
    side.runs.append({"round": rnd, "seconds": seconds, "load": load, "tables": parse_tables(lines),
                      "raw": raws})


def compare(a: Side, b: Side, match: re.Pattern | None) -> list[dict]:
    def values(side: Side) -> dict[tuple, list]:
        found: dict[tuple, list] = {}
        for run_ in side.runs:
            for t, (title, cells) in enumerate(run_["tables"]):
                for label, column, value in cells:
                    found.setdefault((t, title, label, column), []).append(value)
        return found

    va, vb = values(a), values(b)
    rows, by_table = [], {}
    for key in list(va) + [k for k in vb if k not in va]:
        t, title, label, column = key
        if match and not match.search(f"{title} / {label} / {column}"):
            continue
        xa, xb = va.get(key, []), vb.get(key, [])
        numeric = bool(xa and xb) and all(isinstance(x, int | float) for x in xa + xb)
        ma = float(statistics.median(xa)) if numeric else None
        mb = float(statistics.median(xb)) if numeric else None
        rows.append({"table": title, "row": label, "column": column, "A": xa, "B": xb, "A median": ma,
                     "B median": mb, "B/A": mb / ma if numeric and ma else None})
        by_table.setdefault((t, title), []).append(rows[-1])
    for (_t, title), cells in by_table.items():
        table(f"{title}  [A {a.label} | B {b.label}]",
              ["row", "column", "A runs", "B runs", "A median", "B median", "B/A"],
              [[r["row"], r["column"], " ".join(fmt(x) for x in r["A"]), " ".join(fmt(x) for x in r["B"]),
                fmt(r["A median"]) if r["A median"] is not None else "",
                fmt(r["B median"]) if r["B median"] is not None else "",
                f"{r['B/A']:.2f}" if r["B/A"] is not None else ""] for r in cells])
    return rows


def main() -> int:
    argv = sys.argv[1:]
    if "--" not in argv:
        print(__doc__)
        return 2
    split = argv.index("--")
    p = argparse.ArgumentParser(prog="python -m bench.against", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("rev", help="the git revision for side A (B is this working tree)")
    p.add_argument("--rounds", type=int, default=2, help="A B pairs, alternating (default 2)")
    p.add_argument("--match", type=re.compile, help="only cells whose 'table / row / column' matches")
    p.add_argument("--rev-bench", action="store_true", help="run REV's own bench/ code on side A")
    args = p.parse_args(argv[:split])
    if not argv[split + 1:]:
        p.error("name a bench module after --, e.g. -- bench.board_read --db sqlite")
    module, *module_args = argv[split + 1:]
    module = module if module.startswith("bench.") else f"bench.{module}"

    commit = git("rev-parse", "--verify", f"{args.rev}^{{commit}}")
    head = git("rev-parse", "--short", "HEAD")
    dirty = " + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    work = Path(tempfile.mkdtemp(prefix="parkbank-against-"))
    tree = work / f"parkbank-{commit[:7]}"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    a = Side("A", f"{args.rev} = {commit[:7]}", tree)
    b = Side("B", f"working tree {head}{dirty}", ROOT)
    header("against")
    print(f"A = {a.label} (temporary worktree {tree})\nB = {b.label} ({ROOT})", flush=True)
    try:
        git("worktree", "add", "--detach", "--quiet", str(tree), commit)
        if args.rev_bench:
            if not (tree / Path(*module.split("."))).with_suffix(".py").exists():
                raise SystemExit(f"{args.rev} has no {module}")
            print("bench code: each side its own bench/", flush=True)
        else:
            shutil.copytree(ROOT / "bench", tree / "bench", dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("results", "__pycache__"))
            print(f"bench code: this tree's bench/ on both sides (copied into {tree.name})", flush=True)
        (work / "gunicorn_probe.py").write_text(PROBE)
        for side in (a, b):
            check_bench_process(side, work)
        for rnd in range(1, args.rounds + 1):
            for side in (a, b):
                run(side, rnd, module, module_args, work, RESULTS / f"against-{stamp}")
        print("\nruns: " + ", ".join(f"{side.name}{r['round']} {r['seconds']:.0f} s (load {r['load']})"
                                     for pair in zip(a.runs, b.runs, strict=True)
                                     for side, r in zip((a, b), pair, strict=True)))
        rows = compare(a, b, args.match)
        print("\nraw:", save("against", {"rev": args.rev, "commit": commit, "B": b.label, "module": module,
                                         "args": module_args, "rounds": args.rounds, "cells": rows,
                                         "runs": {"A": a.runs, "B": b.runs}}))
    finally:
        removed = subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT,
                                 capture_output=True, text=True)
        shutil.rmtree(work, ignore_errors=True)
        if removed.returncode != 0 and "is not a working tree" not in removed.stderr:
            print(f"could not remove the worktree {tree}: {removed.stderr.strip()} "
                  "(`git worktree prune` clears it once the folder is gone)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
