"""A deck's look: a talk folder's stylesheets and fonts taken in, drawn on every page, and carried out again."""

import io
import zipfile

import pytest

from decks import domain
from decks.importing import import_deck, read_deck_path
from decks.models import Deck, Look
from tests.conftest import PageProblems, log_in

from .factories import export, make_deck, make_look_folder, reimport
from .pages import open_presenter

HEADING = "#= Looking right"


@pytest.fixture
def look_folder(tmp_path):
    return make_look_folder(tmp_path / "looking-right")


@pytest.fixture
def imported(look_folder, alice):
    return import_deck(read_deck_path(look_folder), alice, slug="looking-right")


@pytest.mark.django_db
def test_a_talk_folders_stylesheets_and_the_fonts_they_use_are_taken_in_with_their_slips_as_warnings(imported):
    deck = imported.deck
    assert deck.look == Look.OWN
    # The imports come first, in order, then the linked stylesheet itself, its url()s rebased.
    assert deck.stylesheet.index(".remark-code .keyword") < deck.stylesheet.index("@font-face") < deck.stylesheet.index(
        ".remark-slide-content {"
    )
    assert 'url("fonts/TestSans.ttf")' in deck.stylesheet
    assert list(deck.assets.fonts().values_list("name", "content_type")) == [("TestSans.ttf", "font/ttf")]
    warnings = [str(warning) for warning in imported.warnings]
    assert any(
        "looking-right/style.css, line 3: @import of fonts/missing.css: no such file in the folder" in warning
        for warning in warnings
    ), warnings
    # The notes.css.bak beside it is not a stylesheet; the unused font is not taken.
    assert not any("bak" in warning or "Unused" in warning for warning in warnings)
    revision = deck.revisions.get()
    assert (revision.look, revision.stylesheet) == (Look.OWN, deck.stylesheet)
    assert {listed["name"] for listed in revision.assets} == {"TestSans.ttf"}


@pytest.mark.django_db
def test_the_zip_export_carries_the_stylesheet_and_fonts_and_imports_back_to_the_same_look(imported, tmp_path):
    deck = imported.deck
    names = zipfile.ZipFile(io.BytesIO(export(deck.slug, "zip", tmp_path))).namelist()
    assert {"looking-right/style.css", "looking-right/fonts/TestSans.ttf", "looking-right/myslides.txt"} <= set(names)
    again = reimport(deck.slug, "zip", tmp_path, "looking-right-again")
    assert (again.look, again.stylesheet) == (deck.look, deck.stylesheet)
    fonts = lambda deck: sorted(deck.assets.fonts().values_list("name", "checksum"))  # noqa: E731
    assert fonts(again) == fonts(deck)


@pytest.mark.django_db
def test_a_built_in_theme_travels_in_the_zip_too(alice, tmp_path):
    deck = make_deck(alice, "#= Dark", slug="dark-deck")
    domain.save_look(deck, look=Look.DARK, stylesheet="", based_on=deck.version, author=alice)
    assert reimport(deck.slug, "zip", tmp_path, "dark-again").look == Look.DARK


@pytest.mark.django_db
def test_restoring_a_revision_brings_back_its_look(alice):
    deck = make_deck(alice, "#= Hello", slug="restored")
    first = domain.save_look(deck, look=Look.OWN, stylesheet="h1 { color: red }", based_on=deck.version, author=alice)
    domain.save_look(deck, look=Look.PAPER, stylesheet="h1 { color: blue }", based_on=first, author=alice)
    domain.restore_revision(deck, revision=deck.revisions.get(version=first), based_on=deck.version, author=alice)
    deck.refresh_from_db()
    assert (deck.look, deck.stylesheet) == (Look.OWN, "h1 { color: red }")


@pytest.mark.django_db
def test_a_look_saved_from_a_stale_version_is_refused_and_nothing_is_written(alice):
    deck = make_deck(alice, "#= Hello", slug="stale-look")
    stale = deck.version
    domain.save_look(deck, look=Look.DARK, stylesheet="", based_on=stale, author=alice)
    with pytest.raises(domain.StaleVersion):
        domain.save_look(deck, look=Look.PAPER, stylesheet="h1 {}", based_on=stale, author=alice)
    deck.refresh_from_db()
    assert (deck.look, deck.stylesheet) == (Look.DARK, "")


LOOKS_OF_A_PAGE = """async () => {
  await document.fonts.ready;
  const style = (selector) => {
    const element = document.querySelector(selector);
    const computed = getComputedStyle(element);
    return { family: computed.fontFamily, colour: computed.color, size: computed.fontSize, weight: computed.fontWeight };
  };
  return {
    heading: style(HEADING),
    token: style(TOKEN),
    loaded: [...document.fonts].filter((face) => face.status === "loaded").map((face) => face.family),
  };
}"""


def looks_of(page, heading, token):
    page.wait_for_function(f"() => document.querySelector({heading!r})")
    return page.evaluate(LOOKS_OF_A_PAGE.replace("HEADING", repr(heading)).replace("TOKEN", repr(token)))


EXPECTED_HEADING = {"family": '"Test Sans (deck)"', "colour": "rgb(255, 200, 0)", "size": "60px", "weight": "700"}
EXPECTED_TOKEN = {"family": "monospace", "colour": "rgb(0, 128, 255)", "weight": "700"}


def check_looks(found):
    assert found["heading"] == EXPECTED_HEADING
    assert {key: found["token"][key] for key in EXPECTED_TOKEN} == EXPECTED_TOKEN
    assert found["token"]["size"] == "30px"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_decks_look_applies_on_the_projector_presenter_and_handout(
    imported, alice, live_server, browser_context, page
):
    deck = imported.deck
    deck.visibility = Deck.Visibility.PUBLIC
    deck.save(update_fields=["visibility"])
    slide = ".slide-content"

    page.goto(f"{live_server.url}/talks/{deck.slug}/#2.1")
    page.wait_for_selector("[data-projector][data-position='2.1']")
    found = looks_of(page, f"[data-slide='1'] {slide} h1", f"[data-current] {slide} .keyword")
    check_looks(found)
    assert "Test Sans (deck)" in found["loaded"]
    # The handle every slide of the deck carries, from its ::after rule.
    after = page.evaluate(
        "getComputedStyle(document.querySelector('[data-current] .slide-content'), '::after').content"
    )
    assert after == '"@speaker"'
    assert (page.problems.console_errors, page.problems.failed_requests) == ([], [])

    presenter = open_presenter(browser_context, live_server, deck)
    presenter.keyboard.press("ArrowRight")
    presenter.wait_for_selector("[data-stage-current] .keyword")
    check_looks(looks_of(presenter, f"[data-presenter] .presenter-library {slide} h1", f"[data-stage-current] {slide} .keyword"))
    assert presenter.problems.console_errors == []

    handout = browser_context.new_page()
    handout.problems = PageProblems(handout)
    handout.goto(f"{live_server.url}/talks/{deck.slug}/handout/")
    check_looks(looks_of(handout, f"{slide} h1", f"{slide} .keyword"))
    assert handout.problems.console_errors == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_built_in_theme_draws_the_slides_of_every_page(alice, live_server, browser_context, page):
    deck = make_deck(alice, "#= Dark slides", slug="dark-slides", visibility=Deck.Visibility.PUBLIC)
    domain.save_look(deck, look=Look.DARK, stylesheet="h1 { color: red }", based_on=deck.version, author=alice)
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    page.wait_for_selector("[data-projector][data-position]")
    background = page.evaluate("getComputedStyle(document.querySelector('[data-current] .slide-content')).backgroundColor")
    heading = page.evaluate("getComputedStyle(document.querySelector('[data-current] .slide-content h1')).color")
    # The theme's colours; the stylesheet kept for later is not loaded.
    assert (background, heading) == ("rgb(30, 31, 36)", "rgb(255, 255, 255)")
    log_in(browser_context, live_server, alice)
    editor = browser_context.new_page()
    editor.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    editor.wait_for_selector("[data-preview] .slide-content h1")
    assert editor.evaluate("getComputedStyle(document.querySelector('[data-preview] .slide-content')).backgroundColor") == (
        "rgb(30, 31, 36)"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_rehearsal_report_draws_each_slide_in_the_decks_look(imported, alice, live_server, browser, browser_context):
    import datetime
    from pathlib import Path

    import axe_playwright_python

    from presenter.models import Rehearsal

    deck = imported.deck
    started = datetime.datetime(2026, 11, 26, 14, 0, tzinfo=datetime.timezone.utc)
    Rehearsal.record(deck, started=started, finished=started + datetime.timedelta(minutes=2), step_seconds={"1.1": 50, "2.1": 70})
    log_in(browser_context, live_server, alice)
    page = browser_context.new_page()
    page.problems = PageProblems(page)
    missing = []
    page.on("response", lambda response: response.status == 404 and missing.append(response.url))
    page.goto(f"{live_server.url}/talks/{deck.slug}/rehearsals/")
    links = page.eval_on_selector_all("link[data-deck-look]", "links => links.map((link) => new URL(link.href).pathname)")
    assert f"/decks/{deck.slug}/look/" in " ".join(links), links
    thumbnails = page.locator("[data-rehearsal-slides] [data-slide-number]")
    assert thumbnails.count() == 2
    assert [thumbnails.nth(index).locator("p").inner_text() for index in range(2)] == ["Slide 1: 0:50", "Slide 2: 1:10"]
    found = looks_of(page, "[data-slide-number='1'] .slide-content h1", "[data-slide-number='2'] .slide-content .keyword")
    check_looks(found)
    assert "Test Sans (deck)" in found["loaded"]
    box = page.locator("[data-slide-number='1'] .rehearsal-frame").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (258, 146)  # 1280x720 at a fifth, and its border
    # The page around the slides keeps its own look.
    assert "Test Sans" not in page.evaluate("getComputedStyle(document.querySelector('main h1, h1')).fontFamily")
    # The browser's own favicon request is the one 404 the page may see (it is not the page's request).
    errors = [error for error in page.problems.console_errors if "404" not in error]
    assert (errors, page.problems.failed_requests, missing) == ([], [], [])

    # Every page works by keyboard and screen reader; axe-core is added past the page's CSP.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True, storage_state=browser_context.storage_state())
    checked = context.new_page()
    checked.goto(f"{live_server.url}/talks/{deck.slug}/rehearsals/")
    checked.evaluate("document.fonts.ready.then(() => true)")
    checked.add_script_tag(content=(Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text())
    results = checked.evaluate("async () => await axe.run(document)")
    assert [(violation["id"], [node["target"] for node in violation["nodes"]]) for violation in results["violations"]] == []
    context.close()
