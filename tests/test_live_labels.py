"""The talk's status and the start button's texts live in presenter/models.py; the scripts get them as JSON."""

import json
import re

import pytest

from presenter.models import PresentationState
from tests.factories import make_small_deck

pytestmark = pytest.mark.django_db

LABELS = {
    "status": {"waiting": "Not started yet", "live": "Live", "ended": "Ended"},
    "start_button": {"waiting": "Go live", "live": "Go live", "ended": "Restart live"},
}


def labels_script(html):
    return json.loads(re.search(r'<script id="live-labels" type="application/json">(.*?)</script>', html).group(1))


def start_button(html):
    return re.search(r'data-live-action="start"[^>]*>(.*?)</button>', html).group(1)


@pytest.mark.parametrize(
    ("actions", "status", "button"),
    [([], "Not started yet", "Go live"), (["start", "end"], "Ended", "Restart live")],
)
def test_the_live_panel_shows_the_status_and_start_button_and_hands_their_texts_to_its_script(
    alice, alice_client, actions, status, button
):
    deck = make_small_deck(alice)
    for action in actions:
        PresentationState.change(deck, action=action)
    html = alice_client.get(f"/talks/{deck.slug}/live/panel").content.decode()
    assert re.search(r"data-live-state>(.*?)</span>", html).group(1) == status
    assert (start_button(html), labels_script(html)) == (button, LABELS)


def test_the_follow_page_hands_the_status_texts_to_its_script(alice, client):
    deck = make_small_deck(alice)
    html = client.get(f"/talks/{deck.slug}/follow/").content.decode()
    assert labels_script(html) == LABELS
