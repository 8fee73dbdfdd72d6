"""Each class of difference between CommonMark and what remark's audience saw,
guarded by a deck written for it (tests/data/fidelity/NAME.txt) and its whole
expected rendering (NAME.expected, every step's classes, HTML and notes)."""

from pathlib import Path

import pytest

from decks.shorthand import parse
from tests.factories import render_fixture_deck

FIXTURES = Path(__file__).parent / "data" / "fidelity"
CLASSES = {
    "entities": "character references decoded once, the whole HTML5 table and legacy names without `;`",
    "raw-html": "malformed tags as a browser's parser reads them; the made-up `<g>` tag",
    "emphasis": "emphasis, strikethrough and backslash escapes as old marked matched them",
    "notes": "`>` quote lines, `~~~~` lines and unclosed fences in notes",
    "block-classes": "a one-line `.code[…]` is a span in its paragraph, as remark made it; in a raw `<pre>` a block",
    "html-blocks": "raw HTML blocks only where marked made them; <pre> kept raw, others with inline Markdown",
    "autolinks": "bare http(s) addresses as links, as GFM marked made them",
    "build-steps": "a `--` step's text joined to the previous step's with no line break (but after a fence)",
    "notes-as-typed": "`>` a quote only first on its line, and list markers under a line of text, shown as typed",
    "tables": "GFM tables only where old marked made them (at a block's start, not in a list item), cut at every `|`",
    "class-openers": "a `.name[` block's first line goes on from the opener: no list, table or heading starts there",
    "no-break-spaces": "a heading or paragraph of `&nbsp;` keeps it (marked trimmed ASCII spaces only): a spacer line",
    "list-items": "a list item goes on over the lines under it up to a blank one, a `<pre>` or heading there included",
    "code-spans": "code spans as marked matched them: over lines (a `<div>` line in `.code[…]` is code), giving up backticks",
}


def test_every_fixture_deck_is_listed_with_its_class():
    assert sorted(path.stem for path in FIXTURES.glob("*.txt")) == sorted(CLASSES)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_fixture_deck_renders_every_step_as_its_audience_saw_it(name):
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / f"{name}.expected").read_text(encoding="utf-8")
    assert render_fixture_deck(text) == expected


def test_a_step_whose_text_runs_on_from_the_previous_one_is_a_warning_on_its_line():
    text = (FIXTURES / "build-steps.txt").read_text(encoding="utf-8")
    assert [(problem.line, problem.message, problem.warning, problem.now) for problem in parse(text).problems] == [
        (
            4,
            "the text after `--` runs on from the line before it",
            True,
            "both show as one line, as they did in remark; leave a blank line after `--` to start a new one",
        )
    ]
