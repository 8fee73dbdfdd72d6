"""Rendering a slide's build steps together gives each step exactly what rendering it alone gives.

render_steps reuses the HTML of blocks that end before a step's last line
(and the items of a list that grows step by step), so that a slide of many
steps costs time linear in its steps; these tests hold it to the result of
rendering every step's whole Markdown afresh.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from decks.shorthand import parse, parse_slide, render_step
from decks.shorthand.render import render_steps
from tests.factories import HOSTILE

URLS = {"x.png": "/images/x.png"}
# Lines that make blocks end, go on, interrupt and nest in every way the
# renderer knows, with `--` often enough to cut them into steps.
LINES = [
    "--", "--", "--", "", "", "para", "more text", "- a", "* c", "1. one", "2. two", "- a\n  - nested", "> quote",
    "| a | b |", "|---|---|", "| 1 | 2 |", "Title", "===", "```py", "```", "    indented code", "<!-- c", "-->",
    "<pre>", "</pre>", "<div>", "</div>", "<br>", "[r]: /x", "[r]", ".big[x]", ".col[", "]", "## h", "#= T",
    "Note: a note", "Note:", "???", "class: red", "@ x.png", "@= y.svg", "~@ bg.jpg", "! a|b", "vv foot",
    "$$terminal bash", "$$prompt ~", "$$w ls", "$$end", "py- x = 1", "py y",
]  # fmt: skip


def alone(slide):
    return [render_step(step, URLS) for step in slide.steps]


@settings(max_examples=400, deadline=None)
@given(lines=st.lists(st.sampled_from(LINES), max_size=30), notes=st.sampled_from(["", "n", "- a\n- b", ".col[\nx"]))
def test_steps_rendered_together_match_steps_rendered_alone(lines, notes):
    slide = parse_slide("\n".join(lines), notes)
    assert render_steps(slide.steps, URLS) == alone(slide)


@pytest.mark.parametrize("path", [HOSTILE / "myslides.txt"], ids=["hostile"])
def test_every_slide_of_a_deck_renders_as_it_did_step_by_step(path):
    for slide in parse(path.read_text()).slides:
        assert render_steps(slide.steps, URLS) == alone(slide)


@pytest.mark.parametrize(
    "source",
    [
        "## Points\n" + "\n--\n".join(f"* point {n}" for n in range(30)),
        "| a | b |\n--\n|---|---|\n| 1 | 2 |",
        "para\n--\n| a | b |\n--\n|---|---|",
        "[r]\n--\n[r]: /somewhere",
        "Note: .col[\n--\nstill notes ]\n--\nend",
        "1. one\n--\n2. two\n\n--\n3. loose now",
        "- a\n--\nlazy continuation\n--\n- b",
    ],
    ids=["growing-list", "table-header-first", "table-after-paragraph", "reference-later", "class-across-notes",
         "list-turning-loose", "lazy-continuation"],  # fmt: skip
)
def test_the_shapes_that_cannot_be_reused_render_as_alone(source):
    slide = parse_slide(source)
    assert render_steps(slide.steps, URLS) == alone(slide)
