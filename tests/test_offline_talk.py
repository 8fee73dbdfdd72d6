"""A talk survives losing the network: the service worker keeps each opened deck.

Against the real web command (gunicorn, production settings, hashed static
files, tests/web_server.py), which the tests stop and start again like a
venue's network going away; the browser context is set offline as well.
"""

import pytest

from decks import domain
from decks.models import Deck
from presenter.models import PresentationState
from tests.factories import make_deck, make_picture_deck, png_bytes
from tests.pages import open_presenter, open_projector_window
from tests.web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]

READY_TIMEOUT = 30_000


def position(page, selector):
    return page.locator(selector).get_attribute("data-position")


def wait_for_position(page, selector, expected):
    page.wait_for_function(
        "([selector, expected]) => document.querySelector(selector)?.dataset.position === expected",
        arg=[selector, expected],
    )


def wait_until_kept(page):
    page.wait_for_function("() => document.documentElement.dataset.offlineCopy === 'ready'", timeout=READY_TIMEOUT)


def cached_decks(page):
    return page.evaluate("async () => (await caches.keys()).filter(name => name.startsWith('talks-deck:')).sort()")


def current_image_loaded(page, stage_selector):
    """Whether the picture on screen has loaded (its pixels are there), and its address."""
    return page.evaluate(
        """selector => {
            const image = [...document.querySelectorAll(selector + ' img')].find(img => img.offsetParent !== null);
            if (!image) return null;
            return [image.complete && image.naturalWidth > 0, new URL(image.src).pathname.split('/').pop()];
        }""",
        stage_selector,
    )


def record_positions(page):
    """Collects every step the follow page shows from now on, in window.positions."""
    page.evaluate(
        """() => {
            const root = document.querySelector('[data-live-page]');
            window.positions = [];
            new MutationObserver(() => {
                const now = root.dataset.position;
                if (window.positions.at(-1) !== now) window.positions.push(now);
            }).observe(root, { attributes: true, attributeFilter: ['data-position'] });
        }"""
    )


def test_presenter_and_projector_reload_offline_in_step_and_followers_get_the_latest_move_once(
    alice, browser, browser_context, collected_static_files
):
    deck = make_picture_deck(alice, count=6)
    server = WebServer().start()
    # The same address once the network is back.
    back = WebServer(port=server.port)
    audience = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        presenter = open_presenter(browser_context, server, deck)
        wait_until_kept(presenter)
        assert presenter.locator("[data-offline-readiness]").inner_text() == "ready offline: 6/6 images"
        projector = open_projector_window(presenter)
        wait_until_kept(projector)

        presenter.get_by_role("button", name="Go live").click()
        follower = audience.new_page()
        follower.goto(f"{server.url}/talks/{deck.slug}/follow/")
        follower.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")
        presenter.keyboard.press("ArrowRight")
        wait_for_position(follower, "[data-live-page]", "2.1")
        record_positions(follower)
        sequence_before = PresentationState.objects.get(deck=deck).sequence

        server.stop()
        browser_context.set_offline(True)
        presenter.keyboard.press("ArrowRight")
        wait_for_position(projector, "[data-projector]", "3.1")
        presenter.reload()
        projector.reload()
        wait_for_position(presenter, "[data-presenter]", "3.1")
        wait_for_position(projector, "[data-projector]", "3.1")
        assert presenter.locator("[data-notes] > :visible").inner_text() == "Notes for picture 3."
        # The next three slides, from the cache, moved from either window.
        for number, window in [(4, presenter), (5, projector), (6, presenter)]:
            window.keyboard.press("ArrowRight")
            wait_for_position(projector, "[data-projector]", f"{number}.1")
            wait_for_position(presenter, "[data-presenter]", f"{number}.1")
            projector.wait_for_function(
                "() => [...document.querySelectorAll('[data-slide][data-current] img')].every(i => i.naturalWidth > 0)"
            )
            assert current_image_loaded(projector, "[data-slide][data-current]") == [True, f"picture-{number}.png"]
            assert current_image_loaded(presenter, "[data-stage-current]") == [True, f"picture-{number}.png"]
        assert follower.evaluate("window.positions") == []

        back.start()
        browser_context.set_offline(False)
        wait_for_position(follower, "[data-live-page]", "6.1")
        presenter.wait_for_function("() => document.querySelector('[data-live-panel]').dataset.health === 'ok'")
        # One move shared: the latest; none of the ones made offline on the way.
        assert follower.evaluate("window.positions") == ["6.1"]
        assert PresentationState.objects.get(deck=deck).sequence == sequence_before + 1
    finally:
        audience.close()
        server.stop()
        back.stop()


def test_an_edit_reaches_an_online_projector_on_reload_and_then_its_offline_copy(
    alice, browser_context, collected_static_files
):
    deck = make_deck(alice, ("#= Before the edit", ""), "## Second", title="Edited", visibility=Deck.Visibility.PUBLIC)
    server = WebServer().start()
    try:
        projector = browser_context.new_page()
        projector.goto(f"{server.url}/talks/{deck.slug}/")
        wait_until_kept(projector)
        assert projector.locator("[data-slide][data-current] h1").inner_text() == "Before the edit"

        first = deck.slides.get(position=0)
        domain.save_slide(
            deck, slide_id=first.pk, source="#= After the edit", notes="", based_on=deck.version, author=alice
        )
        projector.reload()
        assert projector.locator("[data-slide][data-current] h1").inner_text() == "After the edit"
        wait_until_kept(projector)
    finally:
        server.stop()
    browser_context.set_offline(True)
    projector.reload()
    assert projector.locator("[data-slide][data-current] h1").inner_text() == "After the edit"


def test_logging_out_forgets_the_owners_decks_and_keeps_the_ones_followed(
    alice, bob, browser_context, collected_static_files
):
    private = make_picture_deck(alice, count=2, slug="private-talk", visibility=Deck.Visibility.PRIVATE)
    followed = make_picture_deck(bob, count=2, slug="bobs-talk", visibility=Deck.Visibility.PUBLIC)
    server = WebServer().start()
    try:
        page = open_presenter(browser_context, server, private)
        wait_until_kept(page)
        page.goto(f"{server.url}/talks/{followed.slug}/follow/")
        wait_until_kept(page)
        assert cached_decks(page) == ["talks-deck:bobs-talk", "talks-deck:private-talk"]

        page.goto(f"{server.url}/decks/")
        page.get_by_role("button", name="Log out alice").click()
        page.wait_for_url(f"{server.url}/")
        assert cached_decks(page) == ["talks-deck:bobs-talk"]
        presenter_url = f"{server.url}/talks/{private.slug}/presenter/"
        kept = page.evaluate("async url => Boolean(await caches.match(url, {ignoreVary: true}))", presenter_url)
        assert kept is False
    finally:
        server.stop()


def test_a_follower_browses_the_whole_deck_offline_and_catches_up_when_back(
    alice, browser, browser_context, collected_static_files
):
    deck = make_picture_deck(alice, count=5, slug="followed")
    server = WebServer().start()
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        presenter = open_presenter(browser_context, server, deck)
        presenter.wait_for_selector("[data-live-action=start]")
        presenter.get_by_role("button", name="Go live").click()
        presenter.wait_for_function("() => document.querySelector('[data-live-panel]').dataset.status === 'live'")

        follower = phone.new_page()
        follower.goto(f"{server.url}/talks/{deck.slug}/follow/")
        wait_until_kept(follower)
        wait_for_position(follower, "[data-live-page]", "1.1")

        phone.set_offline(True)
        for number in range(2, 6):
            follower.get_by_role("button", name="Next slide").click()
            wait_for_position(follower, "[data-live-page]", f"{number}.1")
            follower.wait_for_function(
                "() => [...document.querySelectorAll('[data-slide][data-current] img')].every(i => i.naturalWidth > 0)"
            )
            assert current_image_loaded(follower, "[data-slide][data-current]") == [True, f"picture-{number}.png"]

        presenter.keyboard.press("ArrowRight")
        presenter.keyboard.press("ArrowRight")
        phone.set_offline(False)
        follower.get_by_role("button", name="Back to live").click()
        wait_for_position(follower, "[data-live-page]", "3.1")
    finally:
        phone.close()
        server.stop()


def test_the_offline_copy_keeps_the_modules_fetched_only_when_needed_and_rehearsing_works_offline(
    alice, browser_context, collected_static_files
):
    deck = make_picture_deck(alice, count=2, slug="lazy")
    server = WebServer().start()
    try:
        page = open_presenter(browser_context, server, deck)
        wait_until_kept(page)
        kept = page.evaluate(
            """async () => (await (await caches.open('talks-deck:lazy')).keys())
                .map(r => new URL(r.url).pathname)
                .filter(path => path.endsWith('.js'))
                .map(path => path.split('/').pop().replace(/\\.[0-9a-f]{12}\\.js$/, '.js'))
                .sort()"""
        )
        # Rehearsal, live connection and pointer sender are imported at a press, not at load.
        assert kept == sorted(
            [
                "code-steps.js",
                "deck-keys.js",
                "deck-navigation.js",
                "deck-sync.js",
                "deck-view.js",
                "fit-images.js",
                "follow-display.js",
                "follow-reading.js",
                "follow.js",
                "live-connection.js",
                "live-panel.js",
                "offline-readiness.js",
                "offline-words.js",
                "pace.js",
                "pointer-dot.js",
                "pointer.js",
                "presenter.js",
                "projector.js",
                "rehearsal.js",
                "role-links.js",
                "talk-clock.js",
                "typing.js",
                "wake-lock.js",
            ]
        )

        server.stop()
        browser_context.set_offline(True)
        page.reload()
        wait_for_position(page, "[data-presenter]", "1.1")
        page.get_by_role("button", name="Rehearse").click()
        page.get_by_role("button", name="Finish rehearsal").wait_for()
    finally:
        server.stop()


def test_the_presenter_drops_from_the_offline_copy_what_an_edit_or_a_deploy_left_behind(
    alice, browser_context, collected_static_files
):
    deck = make_picture_deck(alice, count=2, slug="replaced")
    server = WebServer().start()
    try:
        page = open_presenter(browser_context, server, deck)
        wait_until_kept(page)
        old_image = page.evaluate("() => document.querySelector('[data-deck-slides] img').src")
        # A static file of the previous deploy, still in the copy.
        page.evaluate(
            "async url => (await caches.open('talks-deck:replaced')).put(url, new Response('old'))",
            f"{server.url}/static/presenter/presenter.0123456789ab.js",
        )
        domain.put_asset(
            deck,
            name="picture-1.png",
            content_type="image/png",
            data=png_bytes((320, 180), (0, 0, 0)),
            based_on=deck.version,
            author=alice,
        )

        page.reload()
        wait_until_kept(page)
        new_image = page.evaluate("() => document.querySelector('[data-deck-slides] img').src")
        kept = page.evaluate("async () => (await (await caches.open('talks-deck:replaced')).keys()).map(r => r.url)")
        assert new_image != old_image
        assert (new_image in kept, old_image in kept) == (True, False)
        assert [url for url in kept if "0123456789ab" in url] == []
    finally:
        server.stop()


def test_the_service_worker_is_served_from_the_root_never_from_a_cache(client):
    response = client.get("/sw.js")
    assert (
        response.status_code,
        response["Content-Type"],
        response["Service-Worker-Allowed"],
        response["Cache-Control"],
    ) == (200, "text/javascript; charset=utf-8", "/", "no-cache")
    assert response.content.startswith(b"// The service worker that lets a talk survive losing the network.")
