"""Time and peak memory to render a summary of N public ideas as PDF/A (export/pdf.py).

In-process, no database: the Summary is built in memory (every fifth idea has a reply, every tenth
of those the municipality's), so only WeasyPrint and the template are measured. Prints wall and CPU
seconds (CPU: the machine may be shared), the PDF's size and pages, and the process's peak RSS.

    python -m bench.export_pdf                 # 10,000 ideas (about 2 minutes on 2 busy cores)
    python -m bench.export_pdf --ideas 2000
"""

from __future__ import annotations

import argparse
import io
import resource
import time
from datetime import UTC, date, datetime, timedelta

from parkbank import create_app
from parkbank.export import pdf
from parkbank.export import summary as s

START = datetime(2026, 11, 1, 9, tzinfo=UTC)


def _post(n: int, body: str, **kwargs) -> s.ExportPost:
    fields = dict(alias=None, channel="web", place=None, source=None, received_on=None,
                  published_at=START + timedelta(minutes=n), support_count=0, official=None,
                  politician_view=False)
    return s.ExportPost(id=n, body=body, **{**fields, **kwargs})


def summary_of(ideas: int) -> s.Summary:
    posts = []
    for i in range(ideas):
        reply = () if i % 5 else (_post(ideas + i, "Svar: håller med, bra förslag!", official=(
            s.Official("Eva Svensson", "Svarar för kommunen") if i % 10 == 0 else None)),)
        posts.append(_post(i + 1, f"Idé {i}: fler bänkar vid ån och ett läsrum med åäö.\nAndra raden.",
                           alias="Åsa" if i % 3 else None, channel="kiosk" if i % 4 == 0 else "web",
                           place="Stadsbiblioteket" if i % 4 == 0 else None, support_count=i % 17,
                           politician_view=i % 50 == 0, replies=reply))
    days = tuple(s.DayFigures(date(2026, 11, 1) + timedelta(days=d), ideas // 30, ideas // 150, 50)
                 for d in range(30))
    return s.Summary(
        facts=s.Facts("nytt-bibliotek", "Nytt bibliotek", "Vad vill du ha?", None, "KS 2026/123",
                    "Kulturförvaltningen", "Exempels kommun", "closed", START, START + timedelta(days=29),
                    datetime(2026, 12, 1, 12, tzinfo=UTC)),
        participation=s.Participation(ideas, ideas // 5, 50 * 30), by_day=days,
        by_channel=(s.ChannelFigures("web", ideas - ideas // 4, ideas // 5),
                    s.ChannelFigures("kiosk", ideas // 4, 0), s.ChannelFigures("analog", 0, 0)),
        moderation=s.Moderation(ideas, 12, 3, 0,
                                (s.ReasonFigures("spam", 12, 0), s.ReasonFigures("other", 0, 3))),
        top_ideas=tuple(sorted(posts, key=lambda p: -p.support_count)[:10]), ideas=tuple(posts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000)
    args = parser.parse_args()
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "bench" * 8})
    with app.app_context():
        summary = summary_of(args.ideas)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        wall, cpu = time.perf_counter(), time.process_time()
        data = pdf.render(summary)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"{args.ideas:,} ideas + {args.ideas // 5:,} replies: {wall:.1f} s wall, {cpu:.1f} s CPU, "
          f"{len(data) / 1e6:.2f} MB, {pages} pages, peak RSS {peak / 1024:.0f} MiB "
          f"(before rendering {before / 1024:.0f} MiB)")


if __name__ == "__main__":
    main()
