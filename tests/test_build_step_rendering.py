"""Rendering every build step of a slide at once gives what rendering each step
alone gives: the shortcut that keeps many steps linear must not change a step."""

import pytest

from decks.shorthand import parse_slide
from decks.shorthand.render import render_step, render_steps

SLIDES = {
    # One-line code keys with `-`: each step goes on on the same line.
    "same-line-steps": '$$# Numbers\njs- > 1 + 1\njs- 2\njs- > "1" + 1\njs "11"',
    "headings-and-lists": "## Title\n--\n\n* one\n--\n\n* two\n--\n\n### the end",
    "a-list-that-grows": "* one\n--\n* two\n--\n* three\n--\n* four",
    "entities-decoded-once": "&num; one\n--\n\n&amp;lt; two\n--\n\n&nbsp three &ast;\n--\n\nfour",
    "notes-on-each-step": "# A\nNote: first\n--\n\nB\nNote: second\n--\n\nC\nNote: third",
    "a-fence-and-a-span": "```\ncode\n```\n--\n\n.rf[red\nblock]\n--\n\nafter",
    # Alone, the middle step is one raw `<pre>` block that holds the image line.
    "code-keys-around-an-image": "py- x = 1\n@= y.svg\npy- x = 1\n#= T",
}


@pytest.mark.parametrize("source", SLIDES.values(), ids=SLIDES.keys())
def test_rendering_all_steps_at_once_equals_rendering_each_alone(source):
    steps = parse_slide(source, "").steps
    assert len(steps) >= 3
    assert render_steps(steps, {}) == [render_step(step, {}) for step in steps]
