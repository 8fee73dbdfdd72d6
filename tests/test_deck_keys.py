"""One list of keys (presenter/keys.py): each page's help shows the keys the page hands its script."""

import json
import re

import pytest

from tests.factories import make_small_deck

pytestmark = pytest.mark.django_db


def help_lines(html):
    return re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", html)


def page_keys(html):
    return json.loads(re.search(r'<script id="deck-keys" type="application/json">(.*?)</script>', html).group(1))


NAVIGATION_KEYS = {
    "ArrowRight": "next",
    "ArrowDown": "next",
    " ": "next",
    "PageDown": "next",
    "Enter": "next",
    "n": "next",
    "ArrowLeft": "previous",
    "ArrowUp": "previous",
    "PageUp": "previous",
    "Backspace": "previous",
    "p": "previous",
}
SLIDE_PAGE_KEYS = {**NAVIGATION_KEYS, "Home": "first", "End": "last", "b": "blackout", ".": "blackout", "f": "fullscreen"}
HELP_KEYS = {"?": "help", "Escape": "close"}
PRESENTER_KEYS = {"l": "notes_large", "q": "questions", "w": "open_projector", "t": "timer", "r": "reset_timer"}
NOTES_KEYS = {"+": "larger_notes", "=": "larger_notes", "-": "smaller_notes"}

SLIDE_PAGE_HELP = [
    ("Home / End", "First / last slide"),
    ("a number, then Enter", "Go to that slide"),
    ("B or .", "Black screen on / off"),
    ("F", "Full screen"),
]
HELP_HELP = ("?", "This help; Esc closes it")


PROJECTOR = (
    "/talks/small/",
    [
        ("→ ↓ Space PageDown Enter N, click, swipe left", "Next step"),
        ("← ↑ PageUp Backspace P, swipe right", "Previous step"),
        *SLIDE_PAGE_HELP,
        ("O", "All slides (click one to go there)"),
        HELP_HELP,
    ],
    {**SLIDE_PAGE_KEYS, "o": "overview", **HELP_KEYS},
)
# The presenter page answers no clicks on the slide, swipes or O.
PRESENTER = (
    "/talks/small/presenter/",
    [
        ("→ ↓ Space PageDown Enter N", "Next step"),
        ("← ↑ PageUp Backspace P", "Previous step"),
        *SLIDE_PAGE_HELP,
        ("L", "Large notes layout on / off"),
        ("Q", "Questions: pause the talk clock and the pace / back to the talk"),
        ("D (hold)", "Pointer: the mouse over the slide points on the projector and phones"),
        ("W", "Open the projector window"),
        ("T / R", "Pause or resume / reset the timer"),
        ("+ / −", "Larger / smaller notes"),
        HELP_HELP,
    ],
    {**SLIDE_PAGE_KEYS, **PRESENTER_KEYS, **NOTES_KEYS, **HELP_KEYS},
)


@pytest.mark.parametrize(
    ("address", "help", "keys"),
    [PROJECTOR, PRESENTER],
    ids=["projector-with-clicks-and-swipes", "presenter-with-only-what-it-binds"],
)
def test_a_pages_help_lists_the_keys_it_hands_its_script(alice, alice_client, address, help, keys):
    make_small_deck(alice)
    html = alice_client.get(address).content.decode()
    assert (help_lines(html), page_keys(html)) == (help, keys)


def test_the_follow_page_gets_the_same_next_and_previous_keys_and_l_for_live(alice, client):
    deck = make_small_deck(alice)
    html = client.get(f"/talks/{deck.slug}/follow/").content.decode()
    assert page_keys(html) == {**NAVIGATION_KEYS, "l": "live"}
