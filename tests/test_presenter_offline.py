"""Once loaded, the presenter and projector keep working without the server.

The pages come from the real web command (gunicorn, see tests/web_server.py)
with production settings, so the static files are collected first.
"""

import urllib.error
import urllib.request

import pytest

from tests.web_server import WebServer

from .factories import make_small_deck
from .pages import open_presenter, open_projector_window, wait_for_position


@pytest.mark.browser
@pytest.mark.server
@pytest.mark.django_db(transaction=True)
def test_after_the_server_process_is_stopped_keys_still_move_both_windows(
    alice, browser_context, collected_static_files
):
    deck = make_small_deck(alice)
    server = WebServer().start()
    try:
        presenter = open_presenter(browser_context, server, deck)
        projector = open_projector_window(presenter)
    finally:
        server.stop()

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{server.url}/healthz", timeout=2)

    presenter.keyboard.press("ArrowRight")
    wait_for_position(projector, "2.1")
    projector.keyboard.press("PageDown")
    wait_for_position(presenter, "2.2")
    projector.keyboard.press("b")
    wait_for_position(presenter, "2.2 blackout")
    presenter.keyboard.press("b")
    presenter.keyboard.press("End")
    wait_for_position(projector, "5.1")
    assert projector.locator("[data-slide][data-current] h1").inner_text() == "The end"
    assert presenter.locator("[data-stage-current] h1").inner_text() == "The end"
