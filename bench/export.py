"""Exports of a big consultation (issue 15): 10,000 approved posts (bench/seed.py), each format in
parkbank/export/formats.py FORMATS rendered in a fresh process of its own, as `flask export-job`
does: the time of build_summary + render and the process's peak memory (ru_maxrss). A format
whose module is not installed is listed as such. Targets (PRODUCT.md): DOCX, ODT and PDF under
10 s each, CSV and JSON under 2 s. "summary" is the summary alone: the floor of every format.

    .venv/bin/python -m bench.export [--db sqlite|postgres|both] [--posts 10000]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import PY, ROOT, app_env, db_kinds, fresh_database, header, save, seed, table, verdict

TARGETS = {"docx": 10.0, "odt": 10.0, "pdf": 10.0, "csv": 2.0, "json": 2.0}


def measure(fmt: str | None) -> dict:
    """In the child: one summary and one rendering of the seeded consultation (fmt None: the
    summary alone), timed, with the process's peak RSS."""
    from importlib import import_module

    from flask_babel import force_locale

    from bench.seed import SLUG
    from parkbank import create_app
    from parkbank.consultations.operations import get_for_staff
    from parkbank.export.formats import FORMATS
    from parkbank.export.summary import build_summary

    app = create_app()
    with app.app_context(), force_locale(app.config["BABEL_DEFAULT_LOCALE"]):
        if fmt is not None:
            try:
                module = import_module(FORMATS[fmt].module)
            except ModuleNotFoundError as error:
                return {"format": fmt, "installed": False, "error": str(error)}
        started = time.perf_counter()
        summary = build_summary(get_for_staff(SLUG))
        built = time.perf_counter()
        data = module.render(summary) if fmt is not None else b""
        done = time.perf_counter()
    return {"format": fmt or "summary", "installed": True, "summary_s": built - started,
            "render_s": done - built, "total_s": done - started, "bytes": len(data),
            "posts": len(summary.ideas), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_one(env: dict, fmt: str | None) -> dict:
    done = subprocess.run([PY, "-m", "bench.export", "--child", fmt or "-"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        return {"format": fmt, "installed": True, "error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def db_round(kind: str, posts: int, work: Path) -> list[dict]:
    from parkbank.export.formats import FORMATS

    env = app_env(fresh_database(kind, work))
    seed(env, approved=posts)
    results = [run_one(env, None)] + [run_one(env, fmt) for fmt in FORMATS]
    rows = []
    for r in results:
        target = TARGETS.get(r["format"])
        if not r.get("installed"):
            rows.append([r["format"], "not installed", "", "", "", "", target or "", ""])
        elif "total_s" not in r:
            rows.append([r["format"], "failed", "", "", "", "", target or "", " ".join(r["error"])])
        else:
            rows.append([r["format"], r["posts"], r["summary_s"], r["render_s"], r["total_s"], r["peak_mb"],
                         target or "", verdict(r["total_s"] < target) if target else ""])
    table(f"Export of {posts:,} approved posts ({kind}): seconds, peak RSS of the process",
          ["format", "ideas", "summary s", "render s", "total s", "peak MB", "target s", ""], rows)
    return results


def main() -> None:
    import argparse

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    p.add_argument("--posts", type=int, default=10_000)
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(measure(None if args.child == "-" else args.child)))
        return
    header("bench.export")
    rounds = {}
    with tempfile.TemporaryDirectory(prefix="parkbank-bench-") as tmp:
        for kind in db_kinds(args.db):
            work = Path(tmp) / kind
            work.mkdir()
            rounds[kind] = db_round(kind, args.posts, work)
    print(f"\nraw: {save('export', {'posts': args.posts, 'rounds': rounds})}")


if __name__ == "__main__":
    sys.exit(main())
