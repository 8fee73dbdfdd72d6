"""The editor's offer to write a terminal typed out by hand once (decks/views/sessions.py), in Chromium and over its API."""

import json
import re

import pytest
from playwright.sync_api import expect

from decks.models import Deck
from decks.shorthand import split_slides

from .conftest import PageProblems, log_in
from .factories import DATA, import_path

SESSIONS = DATA / "terminal-session"


@pytest.fixture
def deck(alice):
    import_path(SESSIONS / "hand-copied.txt", "--owner", "alice", "--slug", "hand-copied")
    return Deck.objects.get(slug="hand-copied")


def slides_of(deck):
    return list(deck.slides.order_by("position").values_list("source", "notes"))


def post(client, deck, path, body):
    return client.post(f"/decks/{deck.slug}/edit/terminals/{path}", json.dumps(body), content_type="application/json")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_editor_shows_the_steps_first_then_writes_each_terminal_once(deck, live_server, page):
    page.problems = PageProblems(page)
    log_in(page.context, live_server, deck.owner)
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    offers = page.locator("[data-terminal-offer-list] li")
    expect(offers).to_have_count(2)
    expect(offers.first).to_contain_text("Slides 2–16: one terminal over 15 slides.")

    page.get_by_role("button", name="Slide 5", exact=True).click()
    notice = page.locator("[data-terminal-notice]")
    expect(notice).to_contain_text("Slides 2–16 repeat one terminal")
    notice.get_by_role("button", name="Write it once…").click()
    dialog = page.locator("[data-terminal-dialog]")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".terminal-dialog-step")).to_have_count(15)
    expect(dialog.locator("[data-terminal-text]")).to_contain_text("$$ git clone https://example.org/tally.git")
    # The third step is the clone run, drawn as the projector draws it, with nothing changed yet.
    expect(dialog.locator(".terminal-dialog-step").nth(2)).to_contain_text("Cloning into 'tally'...")
    assert Deck.objects.get(pk=deck.pk).version == deck.version

    dialog.get_by_role("button", name="Keep the slides as they are").click()
    expect(dialog).to_be_hidden()
    assert deck.slides.count() == 22

    offers.first.get_by_role("button").click()
    dialog.get_by_role("button", name="Write it once").click()
    expect(page.locator("[data-slide-list] .slide-item")).to_have_count(8)
    expect(page.locator("[data-status]")).to_have_text("All changes saved")
    expect(page.locator("[data-source]")).to_have_value(split_slides((SESSIONS / "written-once.txt").read_text())[1][0])
    expect(page.locator("[data-step-label]")).to_have_text(re.compile(r"^Step \d+ of 15$"))
    expect(offers).to_have_count(1)

    offers.first.get_by_role("button").click()
    dialog.get_by_role("button", name="Write it once").click()
    expect(page.locator("[data-slide-list] .slide-item")).to_have_count(5)
    expect(page.locator("[data-terminal-offers]")).to_be_hidden()
    assert slides_of(deck) == split_slides((SESSIONS / "written-once.txt").read_text())
    assert [revision.summary for revision in deck.revisions.order_by("-version")[:2]] == [
        "Wrote slides 4–7 as one terminal session",
        "Wrote slides 2–16 as one terminal session",
    ]
    # Chromium asks for /favicon.ico on its own; the site has none.
    failed = [request for request in page.problems.failed_requests if not request.endswith("/favicon.ico")]
    assert (page.problems.page_errors, failed) == ([], [])


@pytest.mark.django_db
def test_the_steps_offered_are_the_sessions_and_only_the_owner_sees_them(deck, alice_client, bob_client):
    response = alice_client.get(f"/decks/{deck.slug}/edit/terminals/")
    [first, second] = response.json()["runs"]
    assert (first["first"], first["last"], len(first["steps"])) == (2, 16, 15)
    assert first["text"] == "\n".join(split_slides((SESSIONS / "written-once.txt").read_text())[1]).replace(
        "\nthe list", "\nNote: the list"
    )
    assert first["steps"][1]["html"].count('class="session-typed"') == 1
    assert (second["first"], second["last"]) == (18, 21)
    assert bob_client.get(f"/decks/{deck.slug}/edit/terminals/").status_code == 404


@pytest.mark.django_db
def test_writing_once_is_refused_when_stale_or_not_a_run_and_nothing_changes(deck, alice_client):
    before = slides_of(deck)
    first = deck.slides.get(position=1).pk
    stale = post(alice_client, deck, "write-once/", {"version": deck.version - 1, "first_slide": first})
    assert stale.status_code == 409
    title = deck.slides.get(position=0).pk
    refused = post(alice_client, deck, "write-once/", {"version": deck.version, "first_slide": title})
    assert refused.status_code == 400 and "no longer a terminal typed out by hand" in refused.json()["error"]
    for body in ({"version": deck.version}, {"version": deck.version, "first_slide": "2"}, {"version": deck.version, "first_slide": True}):
        assert post(alice_client, deck, "write-once/", body).status_code == 400
    assert slides_of(deck) == before and Deck.objects.get(pk=deck.pk).version == deck.version
