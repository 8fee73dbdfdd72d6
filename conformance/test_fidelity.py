"""Each paired deck, step by step, against what its audience saw.

../shared/fidelity/compare_truth.py holds the app's JSON export against the
record of remark's rendering in Chromium. conformance/fidelity.json records how
many steps of each deck matched on every field; a deck may not fall below its
figure. Whoever raises a figure records the new one in the same commit.
"""

import json
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import import_deck_folder

from .conftest import DECKS, FIDELITY, FIDELITY_LINES, PAIRS

RATCHET = json.loads((Path(__file__).parent / "fidelity.json").read_text())
SUMMARY = re.compile(r"^fidelity: ([\d.]+)% of steps match on every field \((\d+)/(\d+)\)$", re.MULTILINE)


def test_every_paired_deck_has_a_recorded_figure():
    assert sorted(RATCHET) == PAIRS


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAIRS)
def test_steps_matching_what_the_audience_saw_do_not_fall_below_the_recorded_figure(name, alice, tmp_path):
    deck = import_deck_folder(DECKS / name, alice, slug=name.lower())
    export = tmp_path / f"{deck.slug}.json"
    call_command("export_deck", deck.slug, "--format", "json", "-o", str(export), stderr=StringIO())
    result = subprocess.run(
        [sys.executable, str(FIDELITY / "compare_truth.py"), str(export), str(FIDELITY / "truth" / f"{name}.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    summary = SUMMARY.search(result.stdout)
    assert summary, result.stdout + result.stderr
    matching, total = int(summary.group(2)), int(summary.group(3))
    FIDELITY_LINES.append(f"{name}: {matching}/{total} steps match on every field ({summary.group(1)}%), recorded {RATCHET[name]}")
    assert matching >= RATCHET[name], result.stdout
