"""Rehearsals: timed runs recorded in the presenter view, the pace indicator, Questions, the report."""

import datetime
import json
import re

import pytest

from decks.models import Deck
from presenter.models import Rehearsal
from tests.conftest import log_in
from tests.factories import make_deck
from tests.pages import texts

START = datetime.datetime(2026, 11, 26, 14, 0, tzinfo=datetime.timezone.utc)
SAME_NOTES = "Ten words of notes for this slide, said at the pace."


@pytest.fixture
def deck(alice):
    return make_deck(
        alice,
        ("#= Welcome", SAME_NOTES),
        ("## Builds\n--\n* the second step", SAME_NOTES),
        ("## Middle", SAME_NOTES),
        ("#= Thanks", SAME_NOTES),
        title="Paced",
        slug="paced",
    )


def open_presenter_on_a_paused_clock(page, live_server, browser_context, alice, deck):
    log_in(browser_context, live_server, alice)
    page.clock.install(time=START)
    page.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
    page.wait_for_selector("[data-presenter][data-position]")
    # From here on time moves only when the test says so.
    page.clock.pause_at(START + datetime.timedelta(seconds=10))


def bar(page):
    return texts(
        page, elapsed="[data-elapsed]", talk="[data-talk-clock]", pace="[data-pace]", questions="[data-questions]"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_rehearsal_records_the_seconds_spent_on_each_step_without_the_questions(
    alice, deck, live_server, browser_context, page
):
    open_presenter_on_a_paused_clock(page, live_server, browser_context, alice, deck)
    page.keyboard.press("End")
    page.get_by_role("button", name="Rehearse").click()
    # The recorder is fetched at the first press; then a run starts at the first slide.
    page.get_by_role("button", name="Finish rehearsal").wait_for()
    assert page.locator("[data-presenter]").get_attribute("data-position") == "1.1"
    # Seconds on a step, then the key pressed: two minutes of questions fall on slide 3.
    spent = [(60, "ArrowRight"), (30, "ArrowRight"), (30, "ArrowRight"), (20, "q"), (120, "q"), (25, "ArrowRight")]
    for seconds, key in spent:
        page.clock.run_for(seconds * 1000)
        page.keyboard.press(key)
    page.clock.run_for(15_000)
    page.get_by_role("button", name="Finish rehearsal").click()
    saved = page.locator("[data-rehearsal-saved]")
    saved.get_by_text("Run 1 saved: see the report").wait_for()
    assert saved.get_attribute("href") == f"/talks/{deck.slug}/rehearsals/"

    run = Rehearsal.objects.get(deck=deck)
    assert run.step_seconds == {"1.1": 60.0, "2.1": 30.0, "2.2": 30.0, "3.1": 45.0, "4.1": 15.0}
    assert (run.number, run.finished - run.started) == (1, datetime.timedelta(seconds=300))
    assert page.problems.console_errors + page.problems.page_errors + page.problems.failed_requests == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_rehearsal_under_way_carries_on_after_a_reload_and_counts_the_time_before_it(
    alice, deck, live_server, browser_context, page
):
    open_presenter_on_a_paused_clock(page, live_server, browser_context, alice, deck)
    page.get_by_role("button", name="Rehearse").click()
    page.get_by_role("button", name="Finish rehearsal").wait_for()
    page.clock.run_for(40_000)
    page.keyboard.press("ArrowRight")
    page.reload()
    page.wait_for_selector("[data-presenter][data-position]")
    # No press needed: the run under way is picked up at load.
    finish = page.get_by_role("button", name="Finish rehearsal")
    finish.wait_for()
    assert finish.get_attribute("aria-pressed") == "true"
    page.clock.run_for(20_000)
    finish.click()
    page.locator("[data-rehearsal-saved]").get_by_text("Run 1 saved: see the report").wait_for()

    run = Rehearsal.objects.get(deck=deck)
    assert run.step_seconds == {"1.1": 40.0, "2.1": 20.0}
    assert page.problems.console_errors + page.problems.page_errors + page.problems.failed_requests == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pace_reads_one_minute_behind_and_questions_pause_it(alice, deck, live_server, browser_context, page):
    deck.target_minutes = 10
    deck.save()
    # The last run took a minute a slide; the target would give 2.5.
    Rehearsal.record(
        deck,
        started=START,
        finished=START + datetime.timedelta(minutes=4),
        step_seconds={"1.1": 60, "2.1": 30, "2.2": 30, "3.1": 60, "4.1": 60},
    )
    open_presenter_on_a_paused_clock(page, live_server, browser_context, alice, deck)
    plan = page.locator("[data-pace-plan]")
    assert plan.locator("option").all_inner_texts() == ["Run 1 (4:00)", "Target 10 min"]
    assert plan.input_value() == "run-1"

    page.keyboard.press("t")
    page.clock.run_for(120_000)
    assert bar(page) == {"elapsed": "0:02:00", "talk": "2:00", "pace": "1 min behind", "questions": "Questions"}

    page.keyboard.press("q")
    page.clock.run_for(180_000)
    assert bar(page) == {"elapsed": "0:05:00", "talk": "2:00", "pace": "1 min behind", "questions": "Back to the talk"}

    page.get_by_role("button", name="Back to the talk").click()
    page.clock.run_for(60_000)
    assert bar(page)["pace"] == "2 min behind"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert bar(page)["pace"] == "on time"

    plan.select_option("target")
    page.clock.run_for(1_000)
    # On slide 3 at 3 minutes: the target plan reaches slide 3 only at 5 minutes.
    assert bar(page) == {"elapsed": "0:06:01", "talk": "3:01", "pace": "2 min ahead", "questions": "Questions"}
    page.reload()
    page.wait_for_selector("[data-presenter][data-position]")
    assert page.locator("[data-pace-plan]").input_value() == "target"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_without_rehearsals_the_pace_spreads_the_target_by_the_words_of_the_notes(
    alice, live_server, browser_context, page
):
    deck = make_deck(
        alice,
        ("#= Long", " ".join(["word"] * 30)),
        ("## Short", " ".join(["word"] * 10)),
        title="Target",
        slug="target",
    )
    deck.target_minutes = 4
    deck.save()
    open_presenter_on_a_paused_clock(page, live_server, browser_context, alice, deck)
    assert page.locator("[data-pace-plan] option").all_inner_texts() == ["Target 4 min"]
    page.keyboard.press("t")
    # Slide 1 has three quarters of the words: three of the four minutes.
    page.clock.run_for(150_000)
    assert bar(page)["pace"] == "on time"
    page.clock.run_for(90_000)
    assert bar(page)["pace"] == "1 min behind"


def post_run(client, deck, **fields):
    run = {"started": "2026-11-26T14:00:00Z", "finished": "2026-11-26T14:05:00Z", "steps": {"1.1": 30, "2.2": 12.5}}
    run.update(fields)
    return client.post(f"/talks/{deck.slug}/rehearsals/record", json.dumps(run), content_type="application/json")


def test_a_posted_run_gets_the_next_number(alice_client, deck):
    assert post_run(alice_client, deck).json() == {
        "number": 1,
        "total_seconds": 42.5,
        "report_url": "/talks/paced/rehearsals/",
    }
    assert post_run(alice_client, deck).json()["number"] == 2
    assert list(deck.rehearsals.values_list("number", "step_seconds")) == [
        (2, {"1.1": 30.0, "2.2": 12.5}),
        (1, {"1.1": 30.0, "2.2": 12.5}),
    ]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"steps": {"9.1": 3}}, "This deck has no step 9.1."),
        ({"steps": {"1.2": 3}}, "This deck has no step 1.2."),
        ({"steps": {"one": 3}}, "'one' is not a step; steps are written slide.step, e.g. 3.2."),
        ({"steps": {"1.1": -4}}, "Step 1.1 needs a number of seconds, not -4."),
        ({"steps": {"1.1": "ten"}}, "Step 1.1 needs a number of seconds, not 'ten'."),
        ({"steps": {}}, "This run has no time on any step."),
        ({"steps": [1, 2]}, 'Send the steps as {"slide.step": seconds}.'),
    ],
)
def test_a_run_with_bad_steps_is_refused_with_the_reason(alice_client, deck, fields, error):
    response = post_run(alice_client, deck, **fields)
    assert (response.status_code, response.json()) == (400, {"errors": {"steps": [error]}})
    assert not Rehearsal.objects.exists()


def test_a_run_that_finishes_before_it_started_is_refused(alice_client, deck):
    response = post_run(alice_client, deck, finished="2026-11-26T13:00:00Z")
    assert (response.status_code, response.json()) == (
        400,
        {"errors": {"__all__": ["A run cannot finish before it started."]}},
    )


def test_only_the_owner_records_and_sees_rehearsals(bob_client, client, deck):
    assert post_run(bob_client, deck).status_code == 404
    assert bob_client.get(f"/talks/{deck.slug}/rehearsals/").status_code == 404
    assert client.get(f"/talks/{deck.slug}/rehearsals/").status_code in (302, 404)
    assert not Rehearsal.objects.exists()


def test_the_report_shows_the_last_runs_side_by_side_where_time_goes_and_the_total_against_the_target(
    alice_client, deck
):
    deck.target_minutes = 4
    deck.save()
    times = [
        {"1.1": 50, "2.1": 30, "2.2": 40, "3.1": 100, "4.1": 20},
        {"1.1": 60, "2.1": 30, "2.2": 30, "3.1": 90, "4.1": 30},
        {"1.1": 70, "2.1": 20, "2.2": 30, "3.1": 95, "4.1": 25},
        {"1.1": 65, "2.1": 20, "2.2": 25, "3.1": 80, "4.1": 50},
    ]
    for steps in times:
        Rehearsal.record(deck, started=START, finished=START + datetime.timedelta(minutes=5), step_seconds=steps)
    response = alice_client.get(f"/talks/{deck.slug}/rehearsals/")
    assert response.status_code == 200
    page = response.content.decode()
    chart = re.search(r'<svg class="rehearsal-chart".*?</svg>', page, re.S)[0]
    bars = re.findall(r'<rect [^>]*data-run="(\d+)" data-slide="(\d+)"><title>([^<]*)</title>', chart)
    # The last three runs, every slide.
    assert [(run, slide) for run, slide, _ in bars] == [(run, slide) for run in "234" for slide in "1234"]
    assert bars[-1][2] == "Run 4, slide 4: 0:50"
    assert re.search("<title[^>]*>([^<]*)</title>", chart)[1] == "Seconds per slide in the last runs"
    slowest = re.search(r"<ol [^>]*data-slowest>(.*?)</ol>", page, re.S)[1]
    assert re.findall(r"<li>(.*?)</li>", slowest) == [
        "Slide 3: 1:20 (33%)",
        "Slide 1: 1:05 (27%)",
        "Slide 4: 0:50 (21%)",
        "Slide 2: 0:45 (19%)",
    ]
    rows = [
        re.findall(r"<td>(?:<time[^>]*>)?(.*?)(?:</time>)?</td>", row) for row in re.findall(r"<tr data-run.*?</tr>", page)
    ]
    assert rows == [
        ["Run 4", "26 Nov 2026, 14:00", "4:00", "on target"],
        ["Run 3", "26 Nov 2026, 14:00", "4:00", "on target"],
        ["Run 2", "26 Nov 2026, 14:00", "4:00", "on target"],
        ["Run 1", "26 Nov 2026, 14:00", "4:00", "on target"],
    ]
    assert Deck.objects.get(pk=deck.pk).rehearsals.count() == 4


def test_the_deck_list_links_to_each_decks_rehearsals_with_their_number(alice_client, alice, deck):
    other = make_deck(alice, "#= Not rehearsed", title="Other", slug="other")
    for _ in range(3):
        post_run(alice_client, deck)
    page = alice_client.get("/decks/").content.decode()
    links = re.findall(r'<a href="(/talks/[^/]+/rehearsals/)" data-rehearsals>([^<]*)</a>', page)
    assert sorted(links) == [
        (f"/talks/{other.slug}/rehearsals/", "Rehearsals"),
        ("/talks/paced/rehearsals/", "Rehearsals (3)"),
    ]
    assert re.findall(r"<td data-slide-count>(\d+)</td>", page) == ["1", "4"]
