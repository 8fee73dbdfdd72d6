"""Deck health lists the steps whose content runs past the 16:9 slide, as the editor's browser drew them."""

import json

import pytest
from django.test import Client
from playwright.sync_api import expect

from decks.health import deck_health, look_digest, overflow_key

from .conftest import csrf_client, log_in
from .factories import make_deck
from .test_image_fit import TALL, picture_deck

LONG = "## Far too much\n\n" + "\n".join(f"- point number {number}" for number in range(1, 31))
# The second step adds the list that runs over.
LONG_BUILT = "## Fine at first\n\n- One line\n\n--\n\n" + "\n".join(f"- more {number}" for number in range(1, 31))
SHORT = "## Short now\n\n- one point"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_editor_measures_every_step_and_deck_health_names_the_overflowing_slides(
    alice, live_server, browser_context, page
):
    deck = picture_deck(alice, (TALL, "Notes."), (LONG, "Notes."), (LONG_BUILT, "Notes."))
    log_in(browser_context, live_server, alice)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")

    finding = page.locator("[data-health-panel] [data-health='overflow']")
    expect(finding).to_have_class("health-problem")
    # The heading and the tall picture fit once the picture is fitted: not listed.
    assert finding.locator("li").all_inner_texts() == ["Slide 2", "Slide 3, step 2"]
    assert page.problems.page_errors == [] and page.problems.failed_requests == []

    # Kept by the server: the presenter's start screen says so too.
    presenter = browser_context.new_page()
    presenter.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
    summary = presenter.locator("[data-deck-health-summary]")
    expect(summary).to_contain_text("1 thing to check")
    listed = presenter.locator("[data-health='overflow'] li").all_text_contents()
    assert [" ".join(text.split()) for text in listed] == ["Slide 2", "Slide 3, step 2"]

    # Fixed in the editor: measured again after the save, and gone.
    page.locator(".slide-item").nth(1).locator(".slide-select").click()
    page.locator("[data-source]").fill(SHORT)
    page.locator("[data-save-now]").click()
    expect(finding.locator("li")).to_have_text(["Slide 3, step 2"])


@pytest.mark.django_db
def test_a_report_counts_only_for_the_text_and_look_it_measured(alice):
    deck = make_deck(alice, (LONG, "Notes."), title="Measured")
    slide = deck.slides.get()
    client = csrf_client(alice)
    url = f"/decks/{deck.slug}/edit/measure/"

    listed = client.get(url).json()["slides"]
    assert [(entry["id"], len(entry["steps"])) for entry in listed] == [(slide.pk, 1)]
    key = listed[0]["key"]
    assert key == overflow_key(look_digest(deck), LONG)

    def record(reports):
        return client.post(
            url + "record/", json.dumps({"slides": reports}), content_type="application/json", headers={"X-CSRFToken": client.csrf_token}
        )

    answer = record([{"id": slide.pk, "key": key, "steps": [1]}])
    assert answer.status_code == 200
    assert answer.json()["health"]["overflowing"] == [{"slide": 1, "steps": [1]}]
    # A measure of another text is not kept.
    assert record([{"id": slide.pk, "key": "0" * 32, "steps": []}]).json()["health"]["overflowing"] == [{"slide": 1, "steps": [1]}]
    # Another look makes the measure stale until the editor measures again.
    deck.look = "dark"
    deck.save(update_fields=["look"])
    assert deck_health(deck).overflowing == []
    deck.look = "default"
    deck.save(update_fields=["look"])
    assert [(found.number, found.steps) for found in deck_health(deck).overflowing] == [(1, [1])]
    # A changed text too.
    deck.slides.update(source=SHORT)
    assert deck_health(deck).overflowing == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"slides": "all"},
        {"slides": [1]},
        {"slides": [{"id": "1", "key": "k", "steps": []}]},
        {"slides": [{"id": 1, "key": 5, "steps": []}]},
        {"slides": [{"id": 1, "key": "k", "steps": [0]}]},
        {"slides": [{"id": 1, "key": "k", "steps": [True]}]},
        {"slides": [{"id": 1, "key": "k" * 65, "steps": []}]},
        {"slides": [{"id": 1, "key": "k", "steps": []}] * 2},
    ],
)
def test_a_bad_report_is_a_clear_400_and_changes_nothing(alice, body):
    deck = make_deck(alice, (LONG, "Notes."), title="Measured")
    client = csrf_client(alice)
    response = client.post(
        f"/decks/{deck.slug}/edit/measure/record/", json.dumps(body), content_type="application/json", headers={"X-CSRFToken": client.csrf_token}
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert deck.slides.get().overflow == {}


@pytest.mark.django_db
def test_only_the_owner_measures_and_reports_and_a_report_needs_a_csrf_token(alice, bob):
    deck = make_deck(alice, (LONG, "Notes."), title="Measured", visibility="public")
    slide = deck.slides.get()
    report = json.dumps({"slides": [{"id": slide.pk, "key": overflow_key(look_digest(deck), LONG), "steps": [1]}]})
    for client in (csrf_client(bob), Client()):
        assert client.get(f"/decks/{deck.slug}/edit/measure/").status_code in (302, 403)
        response = client.post(
            f"/decks/{deck.slug}/edit/measure/record/", report, content_type="application/json", headers={"X-CSRFToken": getattr(client, "csrf_token", "")}
        )
        assert response.status_code in (302, 403)
    no_token = Client(enforce_csrf_checks=True)
    no_token.force_login(alice)
    assert no_token.post(f"/decks/{deck.slug}/edit/measure/record/", report, content_type="application/json").status_code == 403
    assert deck.slides.get().overflow == {}
