"""Benchmark: the evening work briefing (工作简报) of the demo county: every figure computed from the
records (`build`), then written as Markdown and as the Word document in the official layout.

No budget in DESIGN.md; the figure is kept so a slower briefing shows. `bench.dashboard` runs it on
the database it seeded; alone: `.venv/bin/python -m bench.briefing` (seeds its own).
"""

import statistics
import time

from bench.common import record, setup_django


def measure_briefing(day, runs: int = 5) -> None:
    from eduguard.briefing.services.briefing import build, to_markdown
    from eduguard.briefing.services.briefing_docx import to_docx
    from eduguard.org.models import County

    county = County.objects.get()
    timings = {"build": [], "markdown": [], "docx": []}
    for _ in range(runs):
        started = time.perf_counter()
        briefing = build(county, day, None)
        built = time.perf_counter()
        to_markdown(briefing)
        marked = time.perf_counter()
        to_docx(briefing)
        done = time.perf_counter()
        timings["build"].append((built - started) * 1000)
        timings["markdown"].append((marked - built) * 1000)
        timings["docx"].append((done - marked) * 1000)
    medians = {k: statistics.median(v) for k, v in timings.items()}
    print(
        f"briefing for {day} ({len(briefing.paragraphs)} paragraphs), median of {runs}: figures "
        f"{medians['build']:.0f} ms, Markdown {medians['markdown']:.0f} ms, Word {medians['docx']:.0f} ms"
    )
    record("briefing, demo county: figures from the records", medians["build"], "ms")
    record("briefing, demo county: Word document", medians["docx"], "ms")


if __name__ == "__main__":
    from bench.dashboard import load_demo

    setup_django(None)
    measure_briefing(load_demo())
