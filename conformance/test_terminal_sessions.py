"""PyGotham's hand-copied terminals written once (`$$session`), against what its audience saw.

The sessions are made here from the deck's own slides by
decks.shorthand.hand_copied (the deck's text stays in ../shared): the deck
with them in place must give the same 144 steps, field by field through
compare_truth.py, and the same remark export as the slides.md its converter
made.
"""

import re
import shutil
import subprocess
import sys

import pytest

from decks.shorthand import join_slides, split_notes, split_slides
from decks.shorthand.hand_copied import find_runs, write_once
from decks.shorthand.slides import join_slide
from tests.factories import export, import_path, text_file

from .conftest import FIDELITY, MANGLED_KEY_LINES, PYGOTHAM, SEED

NAME = PYGOTHAM.name
# Slides 11-19: the first typing sequence, from an empty prompt to `ls -R`;
# slide 20 starts a cleared terminal.
FIRST_SEQUENCE = range(10, 19)
SUMMARY = re.compile(r"^fidelity: [\d.]+% of steps match on every field \((\d+)/(\d+)\)$", re.MULTILINE)


def with_sessions(pairs, runs):
    """The deck's (source, notes) pairs with each run of slides replaced by its session."""
    pieces, done = [], 0
    for first, last, text in runs:
        pieces += [*pairs[done:first], split_notes(text)]
        done = last + 1
    return pieces + pairs[done:]


def deck_folder(tmp_path, text):
    folder = tmp_path / NAME
    shutil.copytree(PYGOTHAM, folder)
    (folder / "myslides.txt").write_text(text)
    return folder


def compare_truth(export_path):
    result = subprocess.run(
        [sys.executable, str(FIDELITY / "compare_truth.py"), str(export_path), str(FIDELITY / "truth" / f"{NAME}.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = SUMMARY.search(result.stdout)
    assert summary, result.stdout + result.stderr
    return int(summary.group(1)), int(summary.group(2)), result


def check_against_the_audience(pairs, runs, tmp_path):
    text = join_slides(with_sessions(pairs, runs))
    import_path(deck_folder(tmp_path, text), "--owner", "alice", "--slug", "written-once")
    export_path = tmp_path / "written-once.json"
    export_path.write_bytes(export("written-once", "json", tmp_path))
    matching, total, result = compare_truth(export_path)
    assert (matching, total) == (144, 144), result.stdout
    assert result.returncode == 0
    ours = export("written-once", "remark", tmp_path).decode().split("\n")
    theirs = (PYGOTHAM / "slides.md").read_text().split("\n")
    assert len(ours) == len(theirs)
    differing = [(number, theirs[number - 1], ours[number - 1]) for number in range(1, len(ours) + 1)
                 if ours[number - 1] != theirs[number - 1]]  # fmt: skip
    assert differing == MANGLED_KEY_LINES[NAME]
    return text


@pytest.mark.django_db
def test_the_first_typing_sequence_written_once_gives_the_audiences_steps_and_the_hand_copied_remark(alice, tmp_path):
    pairs = split_slides(text_file(PYGOTHAM).read_text())
    hand_copied = [join_slide(*pairs[index]) for index in FIRST_SEQUENCE]
    session = write_once(hand_copied)
    assert session is not None and session.startswith("$$session bash\n")
    # Written once, the sequence is a fraction of its hand-copied length.
    assert len(session) * 3 < len("\n---\n".join(hand_copied))
    assert session.count("\n$$ ") == 4
    text = check_against_the_audience(pairs, [(FIRST_SEQUENCE[0], FIRST_SEQUENCE[-1], session)], tmp_path)
    assert len(split_slides(text)) == len(pairs) - len(FIRST_SEQUENCE) + 1


@pytest.mark.django_db
def test_every_run_of_hand_copied_terminals_the_editor_offers_keeps_the_audiences_steps(alice, tmp_path):
    pairs = split_slides(text_file(PYGOTHAM).read_text())
    runs = find_runs(pairs)
    assert [(run.first + 1, run.last + 1) for run in runs] == [(11, 34)]
    check_against_the_audience(pairs, [(run.first, run.last, run.text) for run in runs], tmp_path)


def test_the_seed_drafts_typing_sequence_is_found_too():
    runs = find_runs(split_slides(text_file(SEED).read_text()))
    assert [(run.first + 1, run.last + 1) for run in runs] == [(10, 33)]
