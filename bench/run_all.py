"""Run every benchmark in turn, each in its own client process, with its default settings.

    /work/venv/bin/python -m bench.run_all [--only live_latency,posting] [--max-load 1.0]

The machine is shared: before each benchmark this waits (at most --wait seconds) until the
1-minute load average is below --max-load, and says so when it gave up waiting.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT

BENCHES = {
    "live_latency": [],
    "capacity": [],
    "posting": ["--db", "both"],
    "board_read": ["--db", "both"],
    "kiosk": ["--posts", "1000"],
    "scale_out": [],
    "storm": ["--clients", "500", "--down", "5"],
    "export": [],
}


def load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def machine() -> str:
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return (f"nproc={os.cpu_count()}  mem={int(memory) / 1024 ** 2:.1f} GiB  "
            f"python={platform.python_version()}  kernel={platform.release()}")


def quiet(max_load: float, wait: float) -> None:
    deadline = time.monotonic() + wait
    while load() >= max_load and time.monotonic() < deadline:
        time.sleep(5)
    if load() >= max_load:
        print(f"(load still {load():.2f} after waiting {wait:.0f}s: numbers may be noisy)", flush=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", default=",".join(BENCHES), help="comma-separated subset, in this order")
    p.add_argument("--max-load", type=float, default=1.0)
    p.add_argument("--wait", type=float, default=300)
    args = p.parse_args()
    print(machine(), flush=True)
    failed = []
    for name in args.only.split(","):
        quiet(args.max_load, args.wait)
        command = [sys.executable, "-m", f"bench.{name}", *BENCHES[name]]
        print(f"\n$ {' '.join(command)}", flush=True)
        if subprocess.run(command, cwd=ROOT, timeout=900).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
