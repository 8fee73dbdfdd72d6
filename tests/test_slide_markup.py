"""A slide step is drawn from one template fragment everywhere: the projector pages, the handout and the editor."""

import pytest
from playwright.sync_api import expect

from tests.conftest import log_in
from tests.factories import make_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOURCE = "#= Step by step\n\n- first\n--\n\n- second"

# The step's markup without the attributes only the projector pages' scripts need.
STEP_MARKUP = """(element) => {
  const copy = element.cloneNode(true);
  copy.removeAttribute("data-step");
  copy.removeAttribute("data-last-step");
  copy.removeAttribute("data-current");
  return copy.outerHTML;
}"""


def test_the_editor_preview_and_thumbnail_show_the_same_last_step_as_the_projector_and_handout(
    page, browser_context, live_server, alice
):
    deck = make_deck(alice, (SOURCE, "Notes."), slug="steps")
    log_in(browser_context, live_server, alice)

    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    projector = page.locator("[data-deck-slides] [data-last-step]").first.evaluate(STEP_MARKUP)
    page.goto(f"{live_server.url}/talks/{deck.slug}/handout/")
    handout = page.locator(".handout-frame > .slide-content").first.evaluate(STEP_MARKUP)

    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    expect(page.locator("[data-step-label]")).to_have_text("Step 2 of 2")
    preview = page.locator("[data-preview] .slide-content")
    expect(preview.locator("li")).to_have_count(2)
    thumbnail = page.locator(".slide-item .slide-content").first.evaluate(STEP_MARKUP)

    assert projector.count("<li>") == 2
    assert [handout, preview.evaluate(STEP_MARKUP), thumbnail] == [projector, projector, projector]
