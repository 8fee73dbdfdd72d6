"""Offline copies follow access: what a session or a link may no longer see is not kept for it.

Against the real web command (gunicorn, production settings, tests/web_server.py)
in Chromium: the copy is made online, access ends some way, then the network
goes and the page is asked for again.
"""

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from decks.models import Deck
from presenter.links import make_link, revoke_link
from presenter.models import DeckLink
from presenter.offline import offline_config
from tests.factories import make_deck, make_picture_deck
from tests.pages import open_presenter
from tests.web_server import WebServer

from .test_offline_talk import cached_decks, wait_until_kept

@pytest.fixture
def server(collected_static_files, django_db_blocker):
    with WebServer() as running:
        yield running


def private_deck(owner, slug="private-talk"):
    return make_picture_deck(owner, count=2, slug=slug, visibility=Deck.Visibility.PRIVATE)


def private_text_deck(owner):
    """A private deck without images: its copy is whole whether or not a link's session gets them."""
    return make_deck(owner, ("#= Private plans", "Notes."), "## Second", slug="private-text", visibility=Deck.Visibility.PRIVATE)


def wait_until_forgotten(page, slug, timeout=15):
    deadline = time.monotonic() + timeout
    while f"talks-deck:{slug}" in cached_decks(page):
        assert time.monotonic() < deadline, cached_decks(page)
        time.sleep(0.1)


def open_offline(page, url):
    """The page at `url` with the network gone: what the offline copy shows, if anything."""
    try:
        page.goto(url)
    except PlaywrightError:
        pass  # nothing kept: the browser's own "no connection" page
    return page


def shows_the_deck(page):
    return page.locator("[data-deck-slides] [data-slide]").count() > 0


def end_by_admin_logout(page, server, owner):
    page.goto(f"{server.url}/admin/")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{server.url}/")


def end_by_expiry(page, server, owner):
    Session.objects.all().delete()
    page.goto(f"{server.url}/")


def end_by_password_change(page, server, owner):
    owner.set_password("a new password, changed on another computer")
    owner.save()
    page.goto(f"{server.url}/guide/")


@pytest.mark.parametrize(
    "end_session",
    [end_by_admin_logout, end_by_expiry, end_by_password_change],
    ids=["admin logout", "session expired", "password changed elsewhere"],
)
@pytest.mark.browser
@pytest.mark.server
@pytest.mark.django_db(transaction=True)
def test_once_the_owners_session_ends_the_private_decks_presenter_page_is_not_shown_offline(
    alice, browser_context, server, end_session
):
    alice.is_staff = True
    alice.save()
    deck = private_deck(alice)
    page = open_presenter(browser_context, server, deck)
    wait_until_kept(page)
    presenter_url = f"{server.url}/talks/{deck.slug}/presenter/"
    assert cached_decks(page) == ["talks-deck:private-talk"]

    end_session(page, server, alice)
    wait_until_forgotten(page, deck.slug)
    kept = page.evaluate("async url => Boolean(await caches.match(url, {ignoreVary: true}))", presenter_url)
    assert kept is False

    browser_context.set_offline(True)
    open_offline(page, presenter_url)
    assert not shows_the_deck(page)
    assert "Notes for picture 1." not in page.content()


@pytest.mark.browser
@pytest.mark.server
@pytest.mark.django_db(transaction=True)
def test_a_revoked_viewer_link_leaves_no_slides_on_the_phone_offline(alice, browser, server):
    deck = private_text_deck(alice)
    made = make_link(deck, role="viewer", created_by=alice, label="A phone")
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        follower = phone.new_page()
        follower.goto(f"{server.url}{made.path}")
        follower.wait_for_url(f"{server.url}/talks/{deck.slug}/follow/")
        wait_until_kept(follower)
        follower.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")
        assert shows_the_deck(follower)

        revoke_link(made.link)
        follower.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'closed'")
        assert follower.locator("[data-status-text]").inner_text() == "The owner revoked this link; it no longer works."
        # Gone from the offline copy, and from the open page.
        wait_until_forgotten(follower, deck.slug)
        assert not shows_the_deck(follower)

        phone.set_offline(True)
        open_offline(follower, f"{server.url}/talks/{deck.slug}/follow/")
        assert not shows_the_deck(follower)
    finally:
        phone.close()


@pytest.mark.browser
@pytest.mark.server
@pytest.mark.django_db(transaction=True)
def test_a_link_that_expired_while_the_phone_was_offline_is_dropped_at_the_first_answer(alice, browser, server):
    deck = private_text_deck(alice)
    made = make_link(deck, role="viewer", created_by=alice)
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    follow_url = f"{server.url}/talks/{deck.slug}/follow/"
    try:
        follower = phone.new_page()
        follower.goto(f"{server.url}{made.path}")
        follower.wait_for_url(follow_url)
        wait_until_kept(follower)

        phone.set_offline(True)
        # Offline, the copy still shows the deck.
        follower.reload()
        assert shows_the_deck(follower)
        DeckLink.objects.filter(pk=made.link.pk).update(expires=timezone.now() - datetime.timedelta(seconds=1))

        phone.set_offline(False)
        response = follower.goto(follow_url)
        assert response.status == 404
        wait_until_forgotten(follower, deck.slug)
        phone.set_offline(True)
        open_offline(follower, follow_url)
        assert not shows_the_deck(follower)
    finally:
        phone.close()


@pytest.mark.browser
@pytest.mark.server
@pytest.mark.django_db(transaction=True)
def test_a_private_copy_not_refreshed_online_in_time_is_not_shown_offline(alice, browser_context, server):
    deck = private_deck(alice)
    page = open_presenter(browser_context, server, deck)
    wait_until_kept(page)
    # The copy's time runs out (OFFLINE_COPY_MAX_HOURS after it was refreshed).
    page.evaluate(
        """async slug => {
            const cache = await caches.open('talks-deck:' + slug);
            const meta = await (await cache.match('/__talks-offline__/meta')).json();
            await cache.put('/__talks-offline__/meta', new Response(JSON.stringify({...meta, expires: Date.now() - 1000})));
        }""",
        deck.slug,
    )
    browser_context.set_offline(True)
    open_offline(page, f"{server.url}/talks/{deck.slug}/presenter/")
    assert not shows_the_deck(page)


@pytest.mark.browser
@pytest.mark.server
@pytest.mark.django_db(transaction=True)
def test_a_venue_projectors_link_keeps_a_private_decks_images_offline(alice, browser, server):
    deck = private_deck(alice)
    made = make_link(deck, role="projector", created_by=alice, label="Venue PC")
    venue = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        projector = venue.new_page()
        projector.goto(f"{server.url}{made.path}")
        projector.wait_for_url(f"{server.url}/talks/{deck.slug}/controlled/")
        wait_until_kept(projector)
        projector.wait_for_function(
            "() => [...document.querySelectorAll('[data-slide][data-current] img')].every(i => i.naturalWidth > 0)"
        )
        venue.set_offline(True)
        projector.reload()
        projector.wait_for_function(
            "() => [...document.querySelectorAll('[data-slide][data-current] img')].every(i => i.naturalWidth > 0)"
        )
        assert projector.locator("[data-slide][data-current] img").count() == 1
    finally:
        venue.close()


# What the pages tell the service worker.


@pytest.mark.django_db
def test_a_private_copy_expires_after_the_set_time_or_with_its_link(alice, settings):
    deck = private_deck(alice)
    now_ms = timezone.now().timestamp() * 1000
    presenter = offline_config(deck, "presenter")
    assert presenter["forget"] is True
    assert abs(presenter["expires"] - (now_ms + settings.OFFLINE_COPY_MAX_HOURS * 3_600_000)) < 60_000
    link = make_link(deck, role="viewer", created_by=alice, hours=2).link
    assert offline_config(deck, "follow", link=link)["expires"] == int(link.expires.timestamp() * 1000)
    deck.visibility = Deck.Visibility.PUBLIC
    assert (offline_config(deck, "follow")["forget"], offline_config(deck, "follow")["expires"]) == (False, None)


@pytest.mark.django_db
def test_every_page_says_who_it_was_served_to_and_only_that(alice, alice_client, client, bob_client):
    alices = alice_client.get("/guide/")["Talks-Visitor"]
    assert client.get("/guide/")["Talks-Visitor"] == "nobody"
    assert bob_client.get("/guide/")["Talks-Visitor"] not in (alices, "nobody")
    assert alice_client.get("/decks/")["Talks-Visitor"] == alices
    assert "alice" not in alices and str(alice.pk) != alices
    assert "Talks-Visitor" not in client.get("/healthz")
