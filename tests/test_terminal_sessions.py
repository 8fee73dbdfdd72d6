"""Terminals written once (`$$session`): the steps they derive, their remark export, and reading hand-copied ones back.

tests/data/terminal-session/ holds one talk twice: `hand-copied.txt` repeats
the terminal on every slide, as FORMAT.md §4.3 decks do, and
`written-once.txt` writes the same terminals as sessions; `slides.md` is the
remark export both must give.
"""

import json
import re

import pytest

from decks.models import Slide
from decks.rendering import render_slide_text
from decks.shorthand import parse, parse_slide, split_slides, to_remark
from decks.shorthand.hand_copied import find_runs, write_once
from decks.shorthand.queries import notes_text
from decks.shorthand.sessions import MAX_STEPS, TYPED_CLASS
from decks.shorthand.slides import join_slide

from .factories import DATA, export, import_path

SESSIONS = DATA / "terminal-session"
HAND_COPIED = SESSIONS / "hand-copied.txt"
WRITTEN_ONCE = SESSIONS / "written-once.txt"
TYPED = re.compile(rf'<span class="{TYPED_CLASS}">(.*?)</span>', re.DOTALL)


def every_step(export_json):
    return [step for slide in json.loads(export_json)["slides"] for step in slide["steps"]]


def step_html(source, notes=""):
    steps, problems = render_slide_text(source, notes)
    assert [problem for problem in problems if not problem.warning] == []
    return [step.html for step in steps]


def text_of(html):
    """What a rendered step reads, tags dropped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


# The talk, both ways ---------------------------------------------------------


@pytest.mark.django_db
def test_written_once_gives_the_hand_copied_steps_field_by_field(alice, tmp_path):
    import_path(HAND_COPIED, "--owner", "alice", "--slug", "hand-copied")
    import_path(WRITTEN_ONCE, "--owner", "alice", "--slug", "written-once")
    copied = every_step(export("hand-copied", "json", tmp_path))
    once = every_step(export("written-once", "json", tmp_path))
    assert Slide.objects.filter(deck__slug="written-once").count() == 5
    assert len(once) == len(copied) == 22
    for number, (mine, theirs) in enumerate(zip(once, copied), start=1):
        # The command being typed is marked for the projector, and only that.
        assert TYPED.sub(r"\1", mine["html"]) == theirs["html"], f"step {number}"
        assert (mine["classes"], mine["notes_html"]) == (theirs["classes"], theirs["notes_html"]), f"step {number}"
    assert sum(bool(TYPED.search(step["html"])) for step in once) == 6


@pytest.mark.django_db
def test_the_remark_export_of_a_session_is_the_hand_copied_form(alice, tmp_path):
    import_path(WRITTEN_ONCE, "--owner", "alice", "--slug", "written-once")
    import_path(HAND_COPIED, "--owner", "alice", "--slug", "hand-copied")
    expected = (SESSIONS / "slides.md").read_text()
    assert export("written-once", "remark", tmp_path).decode() == expected
    assert export("hand-copied", "remark", tmp_path).decode() == expected


@pytest.mark.django_db
def test_a_session_deck_exports_as_text_byte_for_byte(alice, tmp_path):
    import_path(WRITTEN_ONCE, "--owner", "alice", "--slug", "written-once")
    assert export("written-once", "text", tmp_path) == WRITTEN_ONCE.read_bytes()


def test_hand_copied_terminals_are_read_back_into_the_sessions_written_once():
    copied = split_slides(HAND_COPIED.read_text())
    once = split_slides(WRITTEN_ONCE.read_text())
    runs = find_runs(copied)
    assert [(run.first, run.last) for run in runs] == [(1, 15), (17, 20)]
    assert [run.text for run in runs] == [join_slide(*once[1]), join_slide(*once[3])]


def test_a_session_keeps_only_its_last_steps_notes_in_the_notes_field():
    [_, session, *_] = split_slides(WRITTEN_ONCE.read_text())
    source, notes = session
    assert notes == "the list scrolled the rest away"
    assert "Note: a fresh terminal" in source
    every_note = notes_text(source, notes)
    assert "a fresh terminal" in every_note and "stopped with control-C" in every_note
    assert "$$ git clone" not in every_note and "Cloning into" not in every_note


# Each command ----------------------------------------------------------------


def test_a_command_gives_a_typed_step_then_its_output_and_the_next_prompt():
    typed_before, typed, ran = step_html("$$session bash\n$$prompt ~/src\n$$ make\nbuilt<br>")
    assert text_of(typed_before) == "bash myrtle ~/src $"
    assert text_of(typed) == "bash myrtle ~/src $ make"
    assert f'<span class="{TYPED_CLASS}">make</span><w>&nbsp;</w>' in typed
    assert text_of(ran) == "bash myrtle ~/src $ make built myrtle ~/src $"
    assert ran.count("<w>&nbsp;</w>") == 1 and TYPED_CLASS not in ran


def test_the_prompt_host_is_the_decks():
    [first] = render_slide_text("$$session bash\n$$prompt ~/src", prompt_host="laptop")[0]
    assert "<ps>laptop</ps> <dr>~/src $</dr>" in first.html


def test_notes_belong_to_the_step_they_follow_and_are_not_carried_on():
    steps, _ = render_slide_text(
        "$$session bash\nNote: empty\n$$ cd app\nNote: typing\n$$run\n$$prompt ~/app\nNote: moved\n$$ ls\nNote: listed"
    )
    notes = [re.sub(r"<[^>]+>", "", step.notes_html).strip() for step in steps]
    assert notes == ["empty", "typing", "moved", "", "listed"]
    assert text_of(steps[2].html).endswith("cd app myrtle ~/app $")


def test_run_after_output_is_more_output_of_the_running_program():
    steps = step_html("$$session bash\n$$ serve\nlistening<br>\n$$w\n$$run\nGET /<br>\n$$stop")
    assert len(steps) == 5
    assert text_of(steps[2]).endswith("serve listening") and steps[2].count("<w>") == 1
    assert text_of(steps[3]).endswith("serve listening GET /") and steps[3].count("<w>") == 1
    assert text_of(steps[4]).endswith("serve listening GET / myrtle ~ $") and steps[4].count("<w>") == 1


def test_mark_shows_the_last_place_of_its_text_marked_for_one_step():
    steps = step_html("$$session bash\n$$ ls\na.txt b.txt<br>\n$$mark .red[b.txt]\n$$ pwd")
    assert '<span class="red">b.txt</span>' in steps[3]
    assert "red" not in steps[4] and "b.txt" in steps[4]


def test_clear_scroll_and_a_new_title():
    steps = step_html("$$session one\n$$ ls\nx<br>\n$$clear\n$$ seq 3\n$$scroll\n2<br>\n3<br>\n$$session two")
    assert text_of(steps[3]) == "one myrtle ~ $"
    assert text_of(steps[5]) == "one 2 3 myrtle ~ $"
    assert text_of(steps[6]) == "two myrtle ~ $"


def test_lines_before_the_session_and_after_end_show_on_every_step():
    steps = step_html("### Heading\n$$session sh\n$$ true\n$$end\n.lownote[below]")
    assert len(steps) == 3
    for html in steps:
        assert html.startswith("<h3>Heading</h3>")
        assert '<span class="lownote">below</span>' in html


def test_a_command_that_would_be_a_line_command_is_echoed_safely():
    *_, ran = step_html("$$session bash\n$$ ps aux")
    assert '<span class="noop">p</span>s aux<br>' in ran
    assert "<pre>" not in ran
    assert "\n.noop[p]ython x<br>\n" in to_remark("$$session bash\n$$ python x")


def test_session_slips_are_warnings_and_the_slide_still_shows():
    slide = parse_slide("$$session bash\n$$run\nout<br>\n$$stop\n$$mark .red[absent]\n$$mark oops\n--")
    messages = [(problem.line, problem.message, problem.warning) for problem in slide.problems]
    assert messages == [
        (2, "`$$run` follows no `$$ command`", True),
        (4, "`$$stop` but nothing is running", True),
        (5, "`$$mark`: `absent` is not on the screen", True),
        (6, "`$$mark` takes the text to mark as `.class[text]`", True),
        (7, "`--` has no meaning in a `$$session`: its steps come from its commands", True),
    ]
    assert len(slide.steps) == 5


def test_every_existing_terminal_command_still_works_inside_and_outside_sessions():
    outside = parse("$$terminal bash\n$$prompt ~\n$$py 1 + 1<br>\n$$pd x\n$$w\n$$end\n$$run")
    assert "`>>>` 1 + 1<br><br>" in outside.slides[0].steps[0].markdown
    assert outside.problems[0].message.startswith("unknown command `$$run`")
    inside = parse_slide("$$session python3\n$$py 1 + 1<br>\n$$pyw")
    assert "`>>>` 1 + 1<br><br>" in inside.steps[0].markdown


def test_a_session_that_makes_too_many_steps_says_so_and_stops():
    text = "$$session bash\n$$prompt " + "p" * 900 + "\n" + "$$ x\n" * (MAX_STEPS + 10)
    slide = parse_slide(text)
    assert len(slide.steps) <= MAX_STEPS + 1
    assert any("too many steps" in problem.message for problem in slide.problems)


def test_a_session_inside_notes_or_a_fence_is_text():
    assert len(parse_slide("text\nNote: $$session bash\n$$ ls").steps) == 1
    assert len(parse_slide("```\n$$session bash\n$$ ls\n```").steps) == 1


def test_only_slides_that_write_out_exactly_are_offered_as_a_session():
    copied = "$$terminal bash\n$$prompt ~\n$$w"
    typed = "$$terminal bash\n$$prompt ~\n$$w ls"
    assert write_once([copied, typed]) is None  # a typed step must be followed by its run
    assert write_once([copied, "$$terminal bash\n$$prompt ~\n$$w\nmore text"]) is None
    ran = "$$terminal bash\n$$prompt ~\nls<br>\na<br>\n$$prompt ~\n$$w"
    assert write_once([copied, typed, ran]) == "$$session bash\n$$ ls\na<br>"
    assert find_runs([(copied, ""), ("## between", ""), (typed, ""), (ran, "")]) == []


@pytest.mark.django_db
def test_the_guide_documents_every_session_command_and_shows_each_in_an_example(client):
    from decks.guide import EXAMPLES
    from decks.shorthand.sessions import COMMANDS

    page = client.get("/guide/").content.decode()
    reference = page[page.index('data-guide-reference="sessions"') :]
    examples = "\n".join(example.text for example in EXAMPLES if example.section == "sessions")
    for name in COMMANDS:
        written = f"$${name}" if name else "$$ "
        assert f"<code>{written}" in reference, written
        assert re.search(rf"^{re.escape(written)}", examples, re.MULTILINE), written
