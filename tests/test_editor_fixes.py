"""Slips that show as stray text or merge build steps: a warning that says what the audience sees, fixed in one click."""

import re

import pytest
from playwright.sync_api import expect

from decks.models import Deck
from tests.code_editors import SOURCE, code_editor, problem_marks
from tests.conftest import log_in
from tests.factories import make_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_editor(page, live_server, deck):
    log_in(page.context, live_server, deck.owner)
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    expect(page.locator("[data-status]")).to_have_text("All changes saved")


def wait_saved(page):
    expect(page.locator("[data-status]")).to_have_text("All changes saved", timeout=10000)


def stored_source(deck):
    return Deck.objects.get(pk=deck.pk).slides.order_by("position").first().source


def no_problems(page):
    # Chromium asks for /favicon.ico on its own; the site has none.
    console_errors = [
        error for error in page.problems.console_errors if page.problems.failed_requests or "404" not in error
    ]
    assert (console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])


def test_a_second_title_line_is_a_warning_saying_what_shows_and_one_click_writes_a_plain_heading(
    page, live_server, alice
):
    deck = make_deck(alice, ("## Draft", ""))
    open_editor(page, live_server, deck)
    code_editor(page, SOURCE).fill("#= Shipping on Fridays\n##= a cautionary tale")
    preview = page.locator("[data-preview] .slide-content")
    expect(preview).to_contain_text("class: title")
    warning = page.locator("[data-errors] li")
    expect(warning).to_have_text(
        re.compile(
            r"^Line 2: `##=` here is not at the top of the slide or build step; the audience sees the words "
            r"“class: title” on the slide"
        )
    )
    expect(problem_marks(page, SOURCE)).to_have_attribute("data-line", "2")
    page.get_by_role("button", name="Fix line 2: Write ## (a plain heading)").click()
    expect(page.locator("[data-source]")).to_have_value("#= Shipping on Fridays\n## a cautionary tale")
    expect(page.locator("[data-errors] li")).to_have_count(0)
    expect(preview.locator("h2")).to_have_text("a cautionary tale")
    expect(preview).not_to_contain_text("class:")
    expect(preview).to_have_class("slide-content title")
    wait_saved(page)
    assert stored_source(deck) == "#= Shipping on Fridays\n## a cautionary tale"
    no_problems(page)


def test_a_setting_line_under_the_text_moves_to_the_top_in_one_click(page, live_server, alice):
    deck = make_deck(alice, ("## Draft", ""))
    open_editor(page, live_server, deck)
    code_editor(page, SOURCE).fill("## Right in the middle\nof the slide\nclass: center, middle")
    expect(page.locator("[data-errors] li")).to_have_text(
        re.compile(r"^Line 3: `class:` here .*the audience sees the words “class: center, middle” on the slide")
    )
    page.get_by_role("button", name="Fix line 3: Move the line to the top of the slide").click()
    expect(page.locator("[data-source]")).to_have_value("class: center, middle\n## Right in the middle\nof the slide")
    preview = page.locator("[data-preview] .slide-content")
    expect(preview).to_have_class("slide-content center middle")
    expect(preview).not_to_contain_text("class:")
    wait_saved(page)
    assert stored_source(deck) == "class: center, middle\n## Right in the middle\nof the slide"
    no_problems(page)


def test_the_build_trap_is_fixed_in_one_click_and_add_build_step_writes_it_right(page, live_server, alice):
    deck = make_deck(alice, ("## Draft", ""))
    open_editor(page, live_server, deck)
    source = page.locator("[data-source]")
    code_editor(page, SOURCE).fill("## Three reasons\n* it is quicker\n--\n* it is safer")
    label = page.locator("[data-step-label]")
    expect(label).to_have_text("Step 2 of 2")
    preview = page.locator("[data-preview] .slide-content")
    expect(preview.locator("li")).to_have_count(1)  # merged into one line, as remark showed it
    page.get_by_role("button", name=re.compile(r"^Fix line 4: Start it on a new line")).click()
    expect(source).to_have_value("## Three reasons\n* it is quicker\n--\n\n* it is safer")
    expect(page.locator("[data-errors] li")).to_have_count(0)
    expect(preview.locator("li")).to_have_text(["it is quicker", "it is safer"])
    wait_saved(page)

    # The action writes a step that cannot run on: `--` and a blank line after the caret's line.
    code_editor(page, SOURCE).press("Control+End")
    page.get_by_role("button", name="Add build step").click()
    expect(code_editor(page, SOURCE)).to_be_focused()
    page.keyboard.type("* it is kinder")
    expect(source).to_have_value("## Three reasons\n* it is quicker\n--\n\n* it is safer\n--\n\n* it is kinder")
    expect(label).to_have_text("Step 3 of 3")
    expect(preview.locator("li")).to_have_text(["it is quicker", "it is safer", "it is kinder"])
    expect(page.locator("[data-errors] li")).to_have_count(0)
    page.get_by_role("button", name="Previous build step").click()
    expect(preview.locator("li")).to_have_text(["it is quicker", "it is safer"])
    wait_saved(page)
    assert stored_source(deck) == "## Three reasons\n* it is quicker\n--\n\n* it is safer\n--\n\n* it is kinder"
    no_problems(page)


def test_a_fix_in_the_whole_deck_text_applies_to_its_line_there(page, live_server, alice):
    deck = make_deck(alice, ("## One", ""), ("## Two\n~~~", ""))
    open_editor(page, live_server, deck)
    page.get_by_role("button", name="Whole deck as text").click()
    text = page.locator("[data-deck-text]")
    expect(text).to_have_value("## One\n---\n## Two\n~~~")
    expect(page.locator("[data-text-errors] li")).to_have_text(
        re.compile(r"^Line 4: `~~~` here .*the words “class: background-black” on the slide")
    )
    page.get_by_role("button", name="Fix line 4: Move the line to the top of the slide").click()
    expect(text).to_have_value("## One\n---\n~~~\n## Two")
    wait_saved(page)
    expect(page.locator("[data-text-errors] li")).to_have_count(0)
    assert list(Deck.objects.get(pk=deck.pk).slides.values_list("source", flat=True)) == ["## One", "~~~\n## Two"]
    no_problems(page)
