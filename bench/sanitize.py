"""Cost of the sanitising module (parkbank/sanitize.py) per kilobyte, for ordinary and hostile text.

In-process, no server. For each text kind and size it times every function of the module that
exists today or after the API change, labelled by name:

* intake:    `clean_text(raw)` (stored text, tags stripped) or `normalize_text(raw)` (text as typed)
* rendering: `render_text(stored)` or `render_html(stored)`; its input is the output of the intake
  function it goes with (clean_text -> render_text, normalize_text -> render_html), as in the app

and, as the baseline measured in the same run, `html.escape` of the same raw text. Times are the
median of up to --repeats calls (time.perf_counter, garbage collector off while timing). Every case
is called once first: a call over --cap seconds is reported as that single time (n = 1) without
repeats, and larger sizes of the same case are then also measured once; a call over --hard-cap is
abandoned (SIGALRM) and larger sizes are skipped, so no case can run forever.

Then the whole intake of hostile 64 and 120 KB bodies: the intake function followed by the
rendering one (what a post costs the module), and a real POST of the body through the app in this
process (Flask test client, JSON as the board's script sends it, a fresh SQLite database), against
an ordinary accepted post and GET /healthz. The POSTs also send every text at 1.9 KB, the largest
body that can still pass the 2,000-character limit, so the most a post the app accepts can cost.

    python -m bench.sanitize                      # sizes 0.5-120 KB; minutes, most of it hostile 64/120 KB
    python -m bench.sanitize --max-kb 8           # quick
    python -m bench.sanitize --kinds prose,lt-run --sizes 1,4,16 --no-app
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import html
import importlib
import io
import math
import os
import signal
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable

from bench.common import CSRF_RE, fmt, header, save, table

SIZES = (0.5, 2, 8, 32, 64, 120)
INTAKE = ("clean_text", "normalize_text")
RENDER = {"render_text": "clean_text", "render_html": "normalize_text"}  # rendering -> its intake
WHOLE_KB = (64, 120)
ACCEPTED_KB = 1.9  # the largest body that can pass BODY_MAX = 2,000 characters after cleaning

PROSE = (
    "Vi som bor kring Bänkparken vill ha fler sittplatser i skuggan och en vattenpost vid lekplatsen. "
    "På kvällarna är det mörkt längs gångvägen mot skolan, så belysning skulle göra stor skillnad "
    "för både barn och äldre – särskilt under vintern.\n"
    "Förslaget finns beskrivet på https://exempel.se/parken/forslag?id=42&flik=karta och bilder "
    "från förra sommaren på www.kommun.exempel.se/bankparken.\n"
    "Hör gärna av er till anna.svensson@exempel.se om ni vill veta mer eller hjälpa till.\n\n"
)
URL300 = ("https://exempel.se/planer/bankparken/" + "del-2/karta?lager=belysning&zoom=17#punkt" * 7)[:300]
KINDS: dict[str, str] = {
    "prose": PROSE,  # ordinary: Swedish prose, line breaks, URLs, an e-mail address
    "a-a-a": "<a ",
    "nested": "<div><p><b><i><span>ord ",  # nested, never closed, a word in each
    "entity-tags": "&#60;img src=x onerror=alert(1)&#62;",
    "lt-run": "<",
    "amp-run": "&",
    "url300": URL300 + "\n",  # one 300-character URL per line
    "urls": "https://a.se/x www.b.se/y?z=1 c@d.se ",  # many short URLs (and e-mail-like words)
    "tags-only": '<b class="x"></b>',  # closed empty tags: nothing of them is stored
}
APP_PREFIX = "Hej! "  # every body POSTed starts with a word: one that cleans to almost nothing is accepted


class Overrun(BaseException):
    """Raised by SIGALRM inside a call that took longer than --hard-cap (BaseException: Flask and
    bleach must not swallow it)."""


def _alarm(_signum, _frame):
    raise Overrun


def text_of(kind: str, kb: float) -> str:
    """`kind` repeated to exactly kb * 1024 bytes of UTF-8 (cut at a character boundary)."""
    unit, size = KINDS[kind], int(kb * 1024)
    text = unit * (size // len(unit.encode()) + 2)
    return text.encode()[:size].decode(errors="ignore")


def measure(call: Callable[[], object], repeats: int, budget: float, cap: float, hard_cap: float) -> dict:
    """Median ms of `call()`: one call first; over `cap` s it stands alone (n = 1), otherwise up to
    `repeats` calls within `budget` s (at least 3). Over `hard_cap` s the call is abandoned."""
    gc.collect()
    gc.disable()
    try:
        signal.setitimer(signal.ITIMER_REAL, hard_cap)
        try:
            started = time.perf_counter()
            call()
            first = time.perf_counter() - started
        except Overrun:
            return {"n": 0, "median_ms": None, "over": "hard", "first_s": hard_cap}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        if first > cap:
            return {"n": 1, "median_ms": first * 1000, "over": "cap", "first_s": first}
        n = max(3, min(repeats, int(budget / max(first, 1e-9))))
        times = []
        for _ in range(n):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
    finally:
        gc.enable()
    return {"n": n, "median_ms": statistics.median(times) * 1000, "over": None, "first_s": first}


def functions(sanitize) -> tuple[list[tuple[str, Callable]], list[tuple[str, Callable, str]]]:
    """([(intake name, fn)], [(rendering name, fn, name of the intake that feeds it)]) as they exist."""
    intake = [(name, getattr(sanitize, name)) for name in INTAKE if callable(getattr(sanitize, name, None))]
    if not intake:
        raise SystemExit(f"{sanitize.__file__} has none of {', '.join(INTAKE)}")
    found = dict(intake)
    render = [(name, getattr(sanitize, name), feed if feed in found else intake[0][0])
              for name, feed in RENDER.items() if callable(getattr(sanitize, name, None))]
    return intake, render


def ms(result: dict) -> float | None:
    return result["median_ms"]


def cell(result: dict) -> str:
    if result["over"] == "skipped":
        return "skipped"
    if result["over"] == "hard":
        return f"> {result['first_s']:.0f} s (abandoned)"
    value = fmt(result["median_ms"])
    return f"{value} (1 call > cap)" if result["over"] == "cap" else value


def per_kb(args, sanitize) -> list[dict]:
    intake, render = functions(sanitize)
    limits = dict(budget=args.budget, cap=args.cap, hard_cap=args.hard_cap)
    rows, given_up, slow = [], set(), set()  # (function, kind) abandoned / over the cap at a smaller size
    for kb in args.sizes:
        for kind in args.kinds:
            raw = text_of(kind, kb)
            base = measure(lambda raw=raw: html.escape(raw), repeats=200, **limits)
            stored: dict[str, str] = {}  # intake name -> its output, the rendering's input

            def keep(name, fn, raw=raw, stored=stored):
                stored[name] = fn(raw)

            cases = [("intake", name, lambda name=name, fn=fn: keep(name, fn), None) for name, fn in intake]
            cases += [("render", name, lambda fn=fn, feed=feed, stored=stored: fn(stored[feed]), feed)
                      for name, fn, feed in render]
            for step, name, call, feed in cases:
                key = (name, kind)
                row = {"kb": kb, "kind": kind, "step": step, "function": name, "bytes": len(raw.encode()),
                       "escape_ms": ms(base)}
                if key in given_up or (feed and feed not in stored):
                    rows.append({**row, "n": 0, "median_ms": None, "over": "skipped"})
                    continue
                result = measure(call, repeats=1 if key in slow else args.repeats, **limits)
                if result["over"] == "cap":
                    slow.add(key)
                elif result["over"] == "hard":
                    given_up.add(key)
                rows.append({**row, **result})
                print(f"  {kb:>5} KB  {kind:<12} {name:<15} {cell(result):>22}", flush=True)
    return rows


def show_per_kb(rows: list[dict]) -> None:
    prose = {(r["kb"], r["function"]): r["median_ms"] for r in rows if r["kind"] == "prose"}
    out = []
    for r in rows:
        if r["over"] == "skipped":
            out.append([f"{r['kb']:g}", r["kind"], r["step"], r["function"], 0, "skipped", "",
                        r["escape_ms"] * 1000, "", ""])
            continue
        value = r["median_ms"]
        prose_ms = prose.get((r["kb"], r["function"]))
        out.append([f"{r['kb']:g}", r["kind"], r["step"], r["function"], r["n"], cell(r),
                    fmt(value / r["kb"]) if value else "", r["escape_ms"] * 1000,
                    f"{value / r['escape_ms']:.0f}" if value and r["escape_ms"] else "",
                    fmt(value / prose_ms) if value and prose_ms and r["kind"] != "prose" else ""])
    table("Per call (ms; n = calls timed; baseline html.escape of the same raw text, same run)",
          ["KB", "text", "step", "function", "n", "median ms", "ms/KB", "escape µs", "x escape", "x prose"],
          out)


def show_growth(rows: list[dict]) -> None:
    """ms/KB at 2 KB (or the smallest size) and at the largest size measured, and the exponent k of
    time ~ size^k between them: 1.0 is linear, 2.0 quadratic."""
    out = []
    for step, name in dict.fromkeys((r["step"], r["function"]) for r in rows):
        for kind in dict.fromkeys(r["kind"] for r in rows):
            done = [r for r in rows if r["function"] == name and r["kind"] == kind and r["median_ms"]]
            if len(done) < 2:
                continue
            small = next((r for r in done if r["kb"] >= 2), done[0])
            big = done[-1]
            if big is small:
                small = done[0]
            k = math.log(big["median_ms"] / small["median_ms"]) / math.log(big["kb"] / small["kb"])
            out.append([step, kind, name, f"{small['kb']:g} -> {big['kb']:g}",
                        small["median_ms"] / small["kb"], big["median_ms"] / big["kb"], f"{k:.2f}"])
    table("Growth: ms per KB at the smaller and the largest size measured; k in time ~ size^k "
          "(1 = linear, 2 = quadratic)",
          ["step", "text", "function", "KB", "ms/KB small", "ms/KB large", "k"], out)


def whole_module(args, sanitize) -> list[dict]:
    """Intake then rendering of one hostile body, as the module is used at intake."""
    intake, render = functions(sanitize)
    rows, given_up = [], set()
    print(flush=True)
    for kb in [kb for kb in WHOLE_KB if kb <= args.max_kb]:
        for kind in [k for k in args.kinds if k != "prose"]:
            raw = text_of(kind, kb)
            for name, fn, feed in render:
                first = dict(intake)[feed]
                if (name, kind) in given_up:
                    rows.append({"kb": kb, "kind": kind, "function": f"{feed} + {name}", "n": 0,
                                 "median_ms": None, "over": "skipped"})
                    continue
                result = measure(lambda raw=raw, fn=fn, first=first: fn(first(raw)), repeats=args.repeats,
                                 budget=args.budget, cap=args.cap, hard_cap=args.hard_cap)
                rows.append({"kb": kb, "kind": kind, "function": f"{feed} + {name}", **result})
                if result["over"] == "hard":
                    given_up.add((name, kind))
                print(f"  {kb:>5} KB  {kind:<12} {feed} + {name:<15} {cell(result):>22}", flush=True)
    return rows


def whole_app(args) -> list[dict]:
    """POST each hostile body to the board through the app (test client, fresh SQLite database)."""
    tmp = tempfile.mkdtemp(prefix="parkbank-bench-sanitize-")
    os.environ.update({"DATABASE_URL": f"sqlite:///{tmp}/parkbank.db", "SECRET_KEY": "bench-secret-key",
                       "SESSION_COOKIE_SECURE": "false", "RATELIMIT_ENABLED": "false"})
    from bench.seed import SLUG
    from bench.seed import main as seed_database

    with contextlib.redirect_stderr(io.StringIO()):  # alembic's log of the migrations
        seed_database(0)
    from parkbank import create_app

    app = create_app({"SOCKETIO_ASYNC_MODE": "threading", "RATELIMIT_ENABLED": False,
                      "SESSION_COOKIE_SECURE": False})
    client = app.test_client()
    token = CSRF_RE.search(client.get(f"/samrad/{SLUG}").get_data(as_text=True)).group(1)
    statuses: dict[tuple, int] = {}

    def post(key: tuple, body: str) -> None:
        answer = client.post(f"/samrad/{SLUG}/inlagg", headers={"Accept": "application/json"},
                             data={"body": body, "csrf_token": token, "submission_key": uuid.uuid4().hex})
        statuses[key] = answer.status_code

    def healthz() -> None:
        statuses[("healthz",)] = client.get("/healthz").status_code

    cases = [("GET /healthz", 0, ("healthz",), healthz),
             ("prose (accepted)", 1, ("prose", 1), lambda: post(("prose", 1), text_of("prose", 1)))]
    for kb in [ACCEPTED_KB] + [kb for kb in WHOLE_KB if kb <= args.max_kb]:
        for kind in args.kinds:
            body = APP_PREFIX + text_of(kind, kb)
            cases.append((kind, kb, (kind, kb), lambda key=(kind, kb), body=body: post(key, body)))
    rows, given_up = [], set()
    print(flush=True)
    for label, kb, key, call in cases:
        if label in given_up:
            rows.append({"kb": kb, "kind": label, "status": None, "n": 0, "median_ms": None,
                         "over": "skipped"})
            continue
        result = measure(call, repeats=args.repeats, budget=args.budget, cap=args.cap, hard_cap=args.hard_cap)
        if result["over"] == "hard":
            given_up.add(label)
        rows.append({"kb": kb, "kind": label, "status": statuses.get(key), **result})
        print(f"  {kb:>5} KB  {label:<16} {statuses.get(key)}  {cell(result):>22}", flush=True)
    return rows


def sizes(value: str) -> list[float]:
    return [float(v) if "." in v else int(v) for v in value.split(",")]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=sizes, default=list(SIZES), help="KB, comma-separated")
    p.add_argument("--max-kb", type=float, default=120, help="leave out larger sizes (also the whole intake)")
    p.add_argument("--kinds", default=",".join(KINDS), help=f"comma-separated subset of {', '.join(KINDS)}")
    p.add_argument("--repeats", type=int, default=15, help="at most this many timed calls per case")
    p.add_argument("--budget", type=float, default=1.0, help="seconds of timed calls per case (min 3 calls)")
    p.add_argument("--cap", type=float, default=2.0, help="a first call slower than this is not repeated")
    p.add_argument("--hard-cap", type=float, default=60.0, help="a call slower than this is abandoned")
    p.add_argument("--no-app", action="store_true", help="skip the POSTs through the app")
    args = p.parse_args()
    args.sizes = [kb for kb in args.sizes if kb <= args.max_kb]
    args.kinds = args.kinds.split(",")
    unknown = set(args.kinds) - set(KINDS)
    if unknown:
        p.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    if "prose" not in args.kinds:
        args.kinds.insert(0, "prose")  # the ordinary text every hostile one is compared with
    signal.signal(signal.SIGALRM, _alarm)

    sanitize = importlib.import_module("parkbank.sanitize")
    intake, render = functions(sanitize)
    header("sanitize")
    print(f"module {sanitize.__file__}: intake {', '.join(n for n, _ in intake)}; rendering "
          f"{', '.join(f'{n}({feed} output)' for n, _, feed in render)}", flush=True)
    rows = per_kb(args, sanitize)
    show_per_kb(rows)
    show_growth(rows)
    whole = whole_module(args, sanitize)
    if whole:
        table("Whole intake in the module, one hostile body (ms)",
              ["KB", "text", "functions", "n", "median ms", "ms/KB"],
              [[f"{r['kb']:g}", r["kind"], r["function"], r["n"], cell(r),
                fmt(r["median_ms"] / r["kb"]) if r["median_ms"] else ""] for r in whole])
    try:
        app_rows = [] if args.no_app else whole_app(args)
    except Exception as error:  # the app changes under this bench; keep the module's numbers
        print(f"\nwhole intake through the app failed: {error!r}", flush=True)
        app_rows = []
    if app_rows:
        healthz = app_rows[0]["median_ms"]
        table("Whole intake through the app: POST /samrad/<slug>/inlagg, JSON, test client (ms)",
              ["KB", "body", "status", "n", "median ms", "x healthz"],
              [[f"{r['kb']:g}", r["kind"], r["status"], r["n"], cell(r),
                f"{r['median_ms'] / healthz:.0f}" if r["median_ms"] else ""] for r in app_rows])
    print(f"\nload at the end: {open('/proc/loadavg').read().split()[0]}")
    print("\nraw:", save("sanitize", {"args": vars(args), "module": sanitize.__file__, "per_kb": rows,
                                      "whole_module": whole, "whole_app": app_rows}))


if __name__ == "__main__":
    main()
