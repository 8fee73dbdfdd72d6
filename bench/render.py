"""Parse and render every build step of a deck, warm, and report the cost.

    .venv/bin/python bench/render.py [--repeat 20]

Decks: the shared PyGotham deck (../shared/decks/2019_10_PyGotham), the
shared PyCascades deck (its 279 steps are mostly highlighted code) and
generated decks of 1,000 and 5,000 slides (a mix of titles, image slides,
terminals, code builds and notes), to show that cost grows linearly.
Images resolve to made-up URLs; no database is involved. "new text" clears
the Markdown cache before each run (a deck seen for the first time, or just
edited); "unchanged" keeps it (the same deck shown again). CPU is the
process's own CPU time, which other load on the machine disturbs less than
wall-clock time.
"""

import argparse
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talks_site.settings")
os.environ.setdefault("DEBUG", "1")

from decks.shorthand import parse, render_step  # noqa: E402
from decks.shorthand.markdown import to_html  # noqa: E402
from decks.shorthand.sanitize import ImageURLs, _clean  # noqa: E402

try:  # the code highlighting's caches, where the renderer has them
    from decks.shorthand.highlight import tokens as highlight_tokens  # noqa: E402
    from decks.shorthand.remark_code import colour_code  # noqa: E402

    CODE_CACHES = (highlight_tokens, colour_code)
except ImportError:
    CODE_CACHES = ()

PYGOTHAM = ROOT.parent / "shared" / "decks" / "2019_10_PyGotham"
PYCASCADES = ROOT.parent / "shared" / "decks" / "2019_02_PyCascades"

SLIDE_KINDS = [
    "#= .thick[Slide {n}]\n## .thin[a generated deck]\n@ footer.svg\nNote: breathe, this is slide {n}.",
    "@= picture_{n}.png\nNote: an image slide.\n\nIt has two paragraphs of notes, with *emphasis*.",
    "$$terminal bash\n$$prompt ~/code\n$$w pip install django\nCollecting django<br>\n$$end\n"
    ".lownote[see the [docs](https://docs.djangoproject.com/)]\nNote: a terminal.",
    "$$# Python\npy- >>> 1 + {n}\nco {n}\nNote: a build step.",
    "```python\ndef slide_{n}(deck):\n    return [step for step in deck if step.number > {n}]  # a comment\n```\n"
    "js > [] + {{}}\nNote: a fenced block and a one-line key.",
    "## A list\n* one .b[bold]\n* two `code`\n* three\nvv [source](https://example.com/{n})\nNote: footnotes.",
]


def generated_deck(slides):
    return "\n---\n".join(SLIDE_KINDS[n % len(SLIDE_KINDS)].format(n=n) for n in range(slides)) + "\n"


def render_all(text, urls):
    deck = parse(text)
    steps = 0
    for slide in deck.slides:
        for step in slide.steps:
            render_step(step, urls)
            steps += 1
    return len(deck.slides), steps


def clear_caches():
    for cached in (to_html, _clean, *CODE_CACHES):
        cached.cache_clear()


def timed(text, urls, repeat, cold):
    """(slides, steps, median wall seconds, median CPU seconds of this process)."""
    times, cpu_times = [], []
    for _ in range(repeat):
        if cold:
            clear_caches()
        start, cpu_start = time.perf_counter(), time.process_time()
        slides, steps = render_all(text, urls)
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    return slides, steps, statistics.median(times), statistics.median(cpu_times)


def measure(name, text, repeat):
    urls = ImageURLs({f"picture_{n}.png": f"/decks/bench/images/0123456789abcdef/picture_{n}.png" for n in range(5000)})
    urls = ImageURLs({**urls, **{path.name: f"/decks/bench/images/0123456789abcdef/{path.name}"
                                 for path in (PYGOTHAM / "images").iterdir()}})  # fmt: skip
    render_all(text, urls)  # warm up the interpreter
    for label, cold in (("new text", True), ("unchanged", False)):
        clear_caches()
        tracemalloc.start()
        render_all(text, urls)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        slides, steps, median, cpu = timed(text, urls, repeat, cold)
        print(
            f"{name:<18} {label:<10} {slides:>5} slides {steps:>5} steps  "
            f"median {median * 1000:7.1f} ms (CPU {cpu * 1000:7.1f})  "
            f"{slides / median:6.0f} slides/s  {steps / median:6.0f} steps/s  peak {peak / 1024 / 1024:5.1f} MiB"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    arguments = parser.parse_args()
    measure("PyGotham (shared)", (PYGOTHAM / "myslides.txt").read_text(), arguments.repeat)
    measure("PyCascades (shared)", (PYCASCADES / "myslides.txt").read_text(), arguments.repeat)
    measure("generated 1,000", generated_deck(1000), max(3, arguments.repeat // 4))
    measure("generated 5,000", generated_deck(5000), max(3, arguments.repeat // 10))


if __name__ == "__main__":
    main()
