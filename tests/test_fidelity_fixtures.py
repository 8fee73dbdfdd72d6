"""Each class of difference between CommonMark and what remark's audience saw,
guarded by a deck written for it (tests/data/fidelity/NAME.txt) and its whole
expected rendering (NAME.expected, every step's classes, HTML and notes)."""

from pathlib import Path

import pytest

from tests.factories import render_fixture_deck

FIXTURES = Path(__file__).parent / "data" / "fidelity"
CLASSES = {
    "entities": "character references decoded once, the whole HTML5 table and legacy names without `;`",
    "raw-html": "malformed tags as a browser's parser reads them; the made-up `<g>` tag",
    "emphasis": "emphasis, strikethrough and backslash escapes as old marked matched them",
    "notes": "`>` quote lines, `~~~~` lines and unclosed fences in notes",
    "block-classes": "`.code[…]` laid out as a line of its own",
}


def test_every_fixture_deck_is_listed_with_its_class():
    assert sorted(path.stem for path in FIXTURES.glob("*.txt")) == sorted(CLASSES)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_fixture_deck_renders_every_step_as_its_audience_saw_it(name):
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    expected = (FIXTURES / f"{name}.expected").read_text(encoding="utf-8")
    assert render_fixture_deck(text) == expected
