"""Time to render one slide of text written to make the inline rules slow.

    .venv/bin/python bench/inline_rules.py [--repeat 5]

The marked-compatible rules (decks/shorthand/marked.py) match emphasis,
strikethrough, tags, code spans, fences and HTML blocks with regular expressions that, left
alone, scan to the end of the paragraph (or slide) each time they fail:
quadratic in a slide full of `_`, `~~`, `<` or unclosed `<div>` lines. Each row is one slide of about 18,000
characters (under the 20,000 a slide may have), rendered with the Markdown
cache cleared; it should stay in milliseconds.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talks_site.settings")
os.environ.setdefault("DEBUG", "1")

from decks.shorthand.markdown import to_html  # noqa: E402

CASES = {
    "`_a ` repeated (no closing `_`)": "_a " * 6000,
    "`*a ` repeated": "*a " * 6000,
    "`~~a ` repeated (no closing `~~`)": "~~a " * 4500,
    "`<a ` repeated, no `>`": "<a " * 6000,
    "`*_~<a ` repeated": "*_~<a " * 3000,
    "backslashes": "\\" * 18000,
    "`&nbsp` without `;` repeated": "&nbsp" * 3600,
    "`<div>` lines, never closed (HTML blocks)": "<div>\n" * 3000,
    "`<div>` lines, closed at the very end": "<div>\n" * 2999 + "</div>",
    "backticks, one run": "`" * 18000,
    "an unclosed fence of many backticks": "`" * 18000 + "\nx",
    "tildes, one run": "~" * 18000 + "\n",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print("| text | characters | median ms |")
    print("|---|---:|---:|")
    for name, text in CASES.items():
        times = []
        for _ in range(repeat):
            to_html.cache_clear()
            start = time.perf_counter()
            to_html(text)
            times.append(time.perf_counter() - start)
        print(f"| {name} | {len(text):,} | {statistics.median(times) * 1000:.1f} |")


if __name__ == "__main__":
    main()
