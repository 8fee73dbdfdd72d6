"""The editor's look panel: a theme or the deck's own stylesheet, drawn at once, saved like every change."""

import pytest

from decks import domain
from decks.models import Deck, Look
from tests.code_editors import STYLESHEET, code_editor
from tests.conftest import PageProblems, log_in

from .factories import font_bytes, make_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PREVIEW = "[data-preview] .slide-content"


def computed(page, selector, property_name):
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).{property_name}")


@pytest.fixture
def editor(alice, live_server, browser_context):
    deck = make_deck(alice, "#= Looking good", "## Second", slug="looking-good")
    log_in(browser_context, live_server, alice)
    page = browser_context.new_page()
    page.problems = PageProblems(page)
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    page.wait_for_selector(f"{PREVIEW} h1")
    page.deck = deck
    return page


def test_a_theme_picked_in_the_look_panel_draws_the_preview_at_once_and_is_saved(editor):
    assert computed(editor, PREVIEW, "backgroundColor") == "rgb(255, 255, 255)"
    editor.select_option("[data-look-choice]", "dark")
    editor.wait_for_function(f"() => getComputedStyle(document.querySelector({PREVIEW!r})).backgroundColor === 'rgb(30, 31, 36)'")
    # The thumbnails too.
    assert computed(editor, "[data-slide-list] .slide-content", "backgroundColor") == "rgb(30, 31, 36)"
    assert Deck.objects.get(pk=editor.deck.pk).look == Look.DEFAULT
    editor.click("[data-look-save]")
    editor.wait_for_function("() => document.querySelector('[data-look-message]').textContent === 'Look saved'")
    deck = Deck.objects.get(pk=editor.deck.pk)
    assert (deck.look, deck.version, deck.revisions.first().summary) == (Look.DARK, 2, "Chose the look Dark")
    editor.reload()
    editor.wait_for_selector(f"{PREVIEW} h1")
    assert computed(editor, PREVIEW, "backgroundColor") == "rgb(30, 31, 36)"
    assert editor.problems.failed_requests == []


def test_the_decks_own_stylesheet_is_previewed_live_with_its_warnings_and_saved_with_its_fonts(editor, tmp_path):
    editor.select_option("[data-look-choice]", "own")
    code_editor(editor, STYLESHEET).fill(
        "@font-face { font-family: 'Box'; src: url(fonts/Box.ttf) }\n"
        ".remark-slide-content { background: rgb(10, 20, 30); color: rgb(250, 240, 230) }\n"
        "h1 { font-family: 'Box' }\n"
        "p { background: url(https://elsewhere.example/x.png) }\n",
    )
    editor.wait_for_function(f"() => getComputedStyle(document.querySelector({PREVIEW!r})).backgroundColor === 'rgb(10, 20, 30)'")
    # remark's page: a 1210x681 slide scaled to the frame.
    editor.wait_for_function(f"() => getComputedStyle(document.querySelector({PREVIEW!r})).width === '1210px'")
    warnings = editor.locator("[data-look-warnings] li")
    warnings.first.wait_for()
    texts = warnings.all_inner_texts()
    assert any(text.startswith("Line 4: background: url(https://elsewhere.example/x.png)") for text in texts), texts
    assert any(text.startswith("Line 1:") and "no font called Box.ttf" in text for text in texts), texts

    font = tmp_path / "Box.ttf"
    font.write_bytes(font_bytes("Box"))
    editor.set_input_files("[data-font-input]", str(font))
    editor.wait_for_function("() => document.querySelector('[data-look-message]').textContent === 'Fonts added'")
    assert editor.locator("[data-font-list]").inner_text().startswith("fonts/Box.ttf")
    # The unsaved stylesheet survived the upload, and now finds its font.
    assert "rgb(10, 20, 30)" in editor.input_value("[data-look-stylesheet]")
    editor.click("[data-look-save]")
    editor.wait_for_function("() => document.querySelector('[data-look-message]').textContent === 'Look saved'")
    deck = Deck.objects.get(pk=editor.deck.pk)
    assert deck.look == Look.OWN and "rgb(10, 20, 30)" in deck.stylesheet
    assert [warning.inner_text() for warning in editor.locator("[data-look-warnings] li").all()][0].startswith("Line 4:")
    editor.wait_for_function(
        f"async () => {{ await document.fonts.ready; return getComputedStyle(document.querySelector('{PREVIEW} h1')).fontFamily === '\"Box (deck)\"'; }}"
    )


def test_a_look_saved_after_another_tab_changed_the_deck_is_refused_and_kept(editor, alice):
    deck = editor.deck
    domain.save_slide(deck, slide_id=deck.slides.first().pk, source="#= Changed elsewhere", notes="", based_on=deck.version, author=alice)
    editor.select_option("[data-look-choice]", "paper")
    editor.click("[data-look-save]")
    editor.wait_for_function("() => document.querySelector('[data-look-message]').textContent.includes('save again')")
    assert Deck.objects.get(pk=deck.pk).look == Look.DEFAULT
    assert editor.input_value("[data-look-choice]") == "paper"
    editor.click("[data-look-save]")
    editor.wait_for_function("() => document.querySelector('[data-look-message]').textContent === 'Look saved'")
    assert Deck.objects.get(pk=deck.pk).look == Look.PAPER
