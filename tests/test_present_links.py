"""Every "Present" opens the presenter view; the projector keeps a quiet way back to it for its owner alone."""

import pytest
from django.test import Client

from decks.models import Deck
from presenter.links import make_link

from .conftest import csrf_client, log_in
from .factories import make_small_deck
from .pages import open_projector_window, wait_until_ready

OWNER_LINK = "data-owner-link"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_present_in_my_decks_and_in_the_editor_opens_the_presenter_view(alice, live_server, browser_context, page):
    deck = make_small_deck(alice)
    log_in(browser_context, live_server, alice)
    presenter_url = f"{live_server.url}/talks/{deck.slug}/presenter/"

    page.goto(f"{live_server.url}/decks/")
    page.locator(f"[data-deck='{deck.slug}']").get_by_role("link", name="Present", exact=True).click()
    page.wait_for_url(presenter_url)
    wait_until_ready(page)

    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    page.get_by_role("link", name="Present", exact=True).click()
    page.wait_for_url(presenter_url)
    wait_until_ready(page)

    # The presenter view opens the projector window, as it always has.
    projector = open_projector_window(page)
    assert projector.url.startswith(f"{live_server.url}/talks/{deck.slug}/#")
    # That window is on the audience's screen and the presenter view is open: no link to it there.
    assert projector.locator(f"[{OWNER_LINK}]").count() == 0
    assert page.problems.page_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_projector_page_shows_its_owner_a_quiet_link_to_the_presenter_view(alice, live_server, browser_context, page):
    deck = make_small_deck(alice)
    log_in(browser_context, live_server, alice)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    wait_until_ready(page)
    link = page.get_by_role("link", name="Presenter view")
    opacity = "(element) => getComputedStyle(element).opacity"

    # Out of sight until the pointer moves, then gone again once it rests.
    assert link.evaluate(opacity) == "0"
    page.mouse.move(600, 400)
    page.mouse.move(640, 420)
    page.wait_for_function("() => getComputedStyle(document.querySelector('[data-owner-link]')).opacity === '1'")
    box = link.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 1366
    page.wait_for_function("() => getComputedStyle(document.querySelector('[data-owner-link]')).opacity === '0'")
    # The keyboard reaches it, and shows it.
    page.keyboard.press("Tab")
    assert link.evaluate("(element) => element === document.activeElement")
    page.wait_for_function("() => getComputedStyle(document.querySelector('[data-owner-link]')).opacity === '1'")

    link.click()
    page.wait_for_url(f"{live_server.url}/talks/{deck.slug}/presenter/")
    wait_until_ready(page)


@pytest.mark.django_db
def test_only_the_signed_in_owner_gets_the_link_and_no_shared_cache_keeps_it(alice, alice_client, bob_client):
    deck = make_small_deck(alice, visibility=Deck.Visibility.PUBLIC)
    url = f"/talks/{deck.slug}/"

    owners = alice_client.get(url)
    assert OWNER_LINK in owners.content.decode()
    assert f'href="/talks/{deck.slug}/presenter/"' in owners.content.decode()
    assert "private" in owners["Cache-Control"]
    for other in (bob_client, Client()):
        response = other.get(url)
        assert response.status_code == 200
        assert OWNER_LINK not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["viewer", "projector", "remote", "co-presenter"])
def test_a_role_link_never_gets_the_link(alice, role):
    deck = make_small_deck(alice, visibility=Deck.Visibility.UNLISTED)
    made = make_link(deck, role=role, created_by=alice)
    client = csrf_client()
    landing = client.post(
        "/l/", {"token": made.path.split("#", 1)[1]}, content_type="application/json", headers={"X-CSRFToken": client.csrf_token}
    )
    assert landing.status_code == 200, landing.content
    for url in (landing.json()["url"], f"/talks/{deck.slug}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert OWNER_LINK not in response.content.decode()
