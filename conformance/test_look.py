"""Each talk folder, uploaded whole, looks on the projector as its audience saw it.

../shared/fidelity/look/DECK/NNN.png is every step of a deck as its audience
saw it, text layer only (pictures hidden by compare_look.TEXT_LAYER_CSS).
Here the whole folder is imported (stylesheets, fonts, images), the projector
is opened at 1280x720, and every step is screenshotted with the same
stylesheet added, once its fonts are ready; compare_look.py scores each step.
conformance/look.json records, per deck, how many steps look right (score
>= 0.8); a deck may not fall below its figure, and whoever raises one
records the new figure in the same commit. A deck with a look/ folder but no
figure yet is measured and reported. The target is 95% of every deck's
steps.
"""

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import import_deck_folder

from .conftest import DECKS, FIDELITY, LOOK_LINES

RATCHET = json.loads((Path(__file__).parent / "look.json").read_text())
SUMMARY = re.compile(r"^look: (\d+)/(\d+) steps look as the audience saw them", re.MULTILINE)
LOOKS = FIDELITY / "look"
TARGET = 0.95


def looked_decks():
    return sorted(path.name for path in LOOKS.iterdir() if path.is_dir() and (DECKS / path.name).is_dir()) if LOOKS.is_dir() else []


def text_layer_css():
    spec = importlib.util.spec_from_file_location("compare_look", FIDELITY / "compare_look.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TEXT_LAYER_CSS


def screenshot_every_step(browser, url, folder):
    """Every step of the deck on the projector at 1280x720, text layer only, as NNN.png in `folder`."""
    # The text layer's stylesheet is added as the audience's screenshots had it: inline, past the page's CSP.
    context = browser.new_context(viewport={"width": 1280, "height": 720}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector("[data-projector][data-position]")
        page.add_style_tag(content=text_layer_css())
        counts = page.evaluate("document.querySelector('[data-projector]').navigation.stepCounts")
        number = 0
        for slide, steps in enumerate(counts, start=1):
            for step in range(1, steps + 1):
                number += 1
                if number > 1:
                    page.keyboard.press("ArrowRight")
                page.wait_for_function(
                    "(position) => document.querySelector('[data-projector]').dataset.position === position",
                    arg=f"{slide}.{step}",
                )
                page.evaluate("document.fonts.ready.then(() => document.fonts.status)")
                page.screenshot(path=folder / f"{number:03d}.png")
        return number
    finally:
        context.close()


def test_every_shared_deck_has_a_recorded_look_figure():
    assert sorted(RATCHET) == looked_decks()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", looked_decks())
def test_steps_looking_as_the_audience_saw_them_do_not_fall_below_the_recorded_figure(
    name, alice, live_server, browser, tmp_path
):
    deck = import_deck_folder(DECKS / name, alice, slug=name.lower(), visibility="public")
    assert deck.look == "own", "the folder's stylesheets were not taken in"
    shots = tmp_path / name
    shots.mkdir()
    screenshot_every_step(browser, f"{live_server.url}/talks/{deck.slug}/", shots)
    result = subprocess.run(
        [sys.executable, str(FIDELITY / "compare_look.py"), str(shots), str(LOOKS / name), "--show", "5"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = SUMMARY.search(result.stdout)
    assert summary, result.stdout + result.stderr
    good, total = int(summary.group(1)), int(summary.group(2))
    recorded = RATCHET.get(name, 0)
    share = good / total if total else 0
    target = "meets" if share >= TARGET else "below"
    LOOK_LINES.append(f"{name}: {good}/{total} steps look as the audience saw them ({share:.0%}, {target} the {TARGET:.0%} target), recorded {recorded}")
    assert good >= recorded, result.stdout
