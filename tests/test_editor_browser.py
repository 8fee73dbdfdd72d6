import re

import pytest
from playwright.sync_api import expect

from decks.models import Deck
from tests.code_editors import DECK_TEXT, NOTES, SOURCE, code_editor, problem_marks
from tests.conftest import log_in
from tests.factories import add_image, make_deck, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_editor(page, live_server, deck):
    """The deck in the editor, signed in as its owner."""
    log_in(page.context, live_server, deck.owner)
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    expect(page.locator("[data-status]")).to_have_text("All changes saved")


def open_two_tabs(browser_context, live_server, deck):
    """Two tabs of the deck's owner, both in the editor."""
    tabs = browser_context.new_page(), browser_context.new_page()
    for tab in tabs:
        open_editor(tab, live_server, deck)
    return tabs


def wait_saved(page):
    expect(page.locator("[data-status]")).to_have_text("All changes saved", timeout=10000)


def save_source(page, source):
    """Type the slide's source and wait until it is saved."""
    code_editor(page, SOURCE).fill(source)
    wait_saved(page)


def type_while_offline(page, source):
    """Cut the network, then type the slide's source: the change cannot be saved yet."""
    page.context.set_offline(True)
    code_editor(page, SOURCE).fill(source)
    expect(page.locator("[data-status]")).to_have_text(re.compile(r"^Cannot reach the server"))


def no_problems(page):
    # Chromium asks for /favicon.ico on its own; the site has none.
    console_errors = [
        error for error in page.problems.console_errors if page.problems.failed_requests or "404" not in error
    ]
    assert (console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])


def test_create_a_deck_type_into_a_slide_and_see_the_preview_change(page, browser_context, live_server, alice):
    log_in(browser_context, live_server, alice)
    page.goto(f"{live_server.url}/decks/")
    page.get_by_label("New deck").fill("Browser talk")
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(re.compile(re.escape(f"{live_server.url}/decks/browser-talk-") + r"[a-z2-9]{5}/edit/$"))
    preview = page.locator("[data-preview] .slide-content")
    expect(preview.locator("h1")).to_have_text("Browser talk")
    health = page.locator("[data-health='slides-without-notes']")
    expect(health).to_have_text("1 slide without notes: 1")
    code_editor(page, SOURCE).fill("## Typed in the browser\n\n.big[Hello]")
    expect(preview.locator("h2")).to_have_text("Typed in the browser")
    expect(preview.locator("span.big")).to_have_text("Hello")
    code_editor(page, NOTES).fill("Remember to breathe.")
    expect(page.locator("[data-notes-preview]")).to_have_text("Remember to breathe.")
    wait_saved(page)
    deck = Deck.objects.get(title="Browser talk")
    assert list(deck.slides.values_list("source", "notes")) == [
        ("## Typed in the browser\n\n.big[Hello]", "Remember to breathe.")
    ]
    expect(page.locator(".slide-item").first.locator(".slide-content h2")).to_have_text("Typed in the browser")
    expect(health).to_have_text("Every slide has notes.")
    no_problems(page)


def thumbnails(page):
    return page.locator(".slide-item .slide-content")


def test_add_slides_and_reorder_them_by_dragging_and_by_keyboard(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## One", ""), ("## Two", ""))
    open_editor(page, live_server, deck)
    page.get_by_role("button", name="Add slide").click()
    expect(thumbnails(page)).to_have_count(3)
    expect(page.locator("[data-slide-number]")).to_have_text("3 of 3")
    code_editor(page, SOURCE).fill("## Three")
    expect(thumbnails(page).nth(2).locator("h2")).to_have_text("Three")
    wait_saved(page)

    page.locator(".slide-item").nth(2).drag_to(page.locator(".slide-item").nth(0), target_position={"x": 20, "y": 5})
    expect(thumbnails(page).locator("h2")).to_have_text(["Three", "One", "Two"])
    wait_saved(page)
    assert list(deck.slides.order_by("position").values_list("source", flat=True)) == ["## Three", "## One", "## Two"]

    page.locator(".slide-item").nth(0).locator("button").focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(thumbnails(page).locator("h2")).to_have_text(["One", "Three", "Two"])
    page.keyboard.press("Alt+ArrowDown")
    expect(thumbnails(page).locator("h2")).to_have_text(["One", "Two", "Three"])
    wait_saved(page)
    assert list(deck.slides.order_by("position").values_list("source", flat=True)) == ["## One", "## Two", "## Three"]

    page.locator(".slide-item").nth(1).click()
    page.get_by_role("button", name="Insert before").click()
    expect(thumbnails(page)).to_have_count(4)
    page.get_by_role("button", name="Duplicate").click()
    expect(thumbnails(page)).to_have_count(5)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete", exact=True).click()
    expect(thumbnails(page)).to_have_count(4)
    wait_saved(page)
    assert list(deck.slides.order_by("position").values_list("source", flat=True)) == [
        "## One",
        "",
        "## Two",
        "## Three",
    ]
    no_problems(page)


def test_upload_an_image_and_see_it_on_the_slide(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("@= chart.png", "A chart."))
    open_editor(page, live_server, deck)
    expect(page.locator("[data-missing-images]")).to_have_text("chart.png is named by the deck but not uploaded.")
    page.locator("[data-image-input]").set_input_files(
        files=[{"name": "chart.png", "mimeType": "image/png", "buffer": png_bytes((160, 90))}]
    )
    expect(page.locator(".image-item [data-image-name]")).to_have_value("chart.png")
    expect(page.locator(".image-use")).to_have_text("Used on slide 1")
    expect(page.locator("[data-missing-images] li")).to_have_count(0)
    asset = deck.assets.get()
    preview_image = page.locator("[data-preview] .slide-content img")
    expect(preview_image).to_have_attribute("src", asset.get_absolute_url())
    expect(thumbnails(page).first.locator("img")).to_have_attribute("src", asset.get_absolute_url())
    # A long deck's thumbnails load their images only when scrolled into view.
    expect(thumbnails(page).first.locator("img")).to_have_attribute("loading", "lazy")
    # The image loads (and is the uploaded one): the wait fails the test if it never does.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-preview] .slide-content img')]"
        ".some((image) => image.complete && image.naturalWidth === 160)"
    )
    no_problems(page)


def test_an_image_in_a_folder_is_replaced_from_the_editor_under_its_own_name(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("@= icons/chart.png", "A chart."))
    old = add_image(deck, "icons/chart.png", png_bytes((40, 20)))
    open_editor(page, live_server, deck)
    expect(page.locator(".image-item input[data-image-name]")).to_have_value("icons/chart.png")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Replace").click()
    chooser.value.set_files(files=[{"name": "chart.png", "mimeType": "image/png", "buffer": png_bytes((160, 90))}])
    wait_saved(page)
    expect(page.locator("[data-preview] .slide-content img")).to_have_attribute(
        "src", deck.assets.get().get_absolute_url()
    )
    new = deck.assets.get()
    assert (new.name, new.size == old.size, Deck.objects.get(pk=deck.pk).version) == ("icons/chart.png", False, 2)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-preview] .slide-content img')]"
        ".some((image) => image.complete && image.naturalWidth === 160)"
    )
    no_problems(page)


def test_a_refused_upload_shows_its_message_and_changes_nothing(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("@= chart.png", ""))
    open_editor(page, live_server, deck)
    page.locator("[data-image-input]").set_input_files(
        files=[{"name": "chart.png", "mimeType": "image/png", "buffer": b"not really a png"}]
    )
    expect(page.locator("[data-image-message]")).to_have_text(
        "Uploading: chart.png: not an image (PNG, JPEG, GIF, WebP or SVG)"
    )
    assert deck.assets.count() == 0
    Deck.objects.filter(pk=deck.pk).update()  # nothing else to check: the version is unchanged
    assert Deck.objects.get(pk=deck.pk).version == 1


def test_two_tabs_saving_the_same_deck_show_the_conflict_and_lose_no_text(browser_context, live_server, alice):
    deck = make_deck(alice, ("## Shared slide", "Original notes."))
    first, second = open_two_tabs(browser_context, live_server, deck)

    save_source(first, "## Edited in the first tab")
    code_editor(second, SOURCE).fill("## Edited in the second tab")

    dialog = second.locator("[data-conflict]")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-conflict-mine]")).to_have_value("## Edited in the second tab")
    expect(dialog.locator("[data-conflict-theirs]")).to_have_value("## Edited in the first tab")
    expect(second.locator("[data-status]")).to_have_text(
        "Changed elsewhere: choose which version to keep. Your text is kept until you do."
    )
    assert deck.slides.get().source == "## Edited in the first tab"

    # Copy the first tab's line across, then keep the combined text.
    mine = dialog.locator("[data-conflict-mine]")
    mine.evaluate("field => field.setSelectionRange(field.value.length, field.value.length)")
    mine.press("End")
    mine.press("Enter")
    theirs = dialog.locator("[data-conflict-theirs]")
    theirs.evaluate("field => { field.focus(); field.setSelectionRange(3, field.value.length); }")
    dialog.get_by_role("button", name="Copy selected saved text into mine").click()
    expect(mine).to_have_value("## Edited in the second tab\nEdited in the first tab")
    dialog.get_by_role("button", name="Keep mine").click()
    wait_saved(second)
    expect(dialog).to_be_hidden()
    assert deck.slides.get().source == "## Edited in the second tab\nEdited in the first tab"
    assert list(deck.revisions.values_list("version", "text")) == [
        (3, "## Edited in the second tab\nEdited in the first tab\nNote: Original notes."),
        (2, "## Edited in the first tab\nNote: Original notes."),
        (1, "## Shared slide\nNote: Original notes."),
    ]


def test_taking_the_other_version_in_a_conflict_shows_it(browser_context, live_server, alice):
    deck = make_deck(alice, ("## Shared slide", ""))
    first, second = open_two_tabs(browser_context, live_server, deck)
    save_source(first, "## From the first tab")
    code_editor(second, NOTES).fill("Notes from the second tab")
    second.get_by_role("button", name="Take the saved version").click()
    expect(second.locator("[data-source]")).to_have_value("## From the first tab")
    expect(second.locator("[data-notes]")).to_have_value("")
    expect(second.locator("[data-status]")).to_have_text("Took version 2 as saved elsewhere.")
    assert deck.revisions.count() == 2


def test_unsaved_text_is_kept_in_the_browser_while_the_server_is_unreachable(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## Before", ""))
    open_editor(page, live_server, deck)
    type_while_offline(page, "## Written offline")
    status = page.locator("[data-status]")
    expect(status).to_have_text(re.compile(r"^Cannot reach the server\. 1 unsaved change is kept in this browser; "))
    drafts = page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('talks:drafts:'))")
    assert len(drafts) == 1
    assert '"source":"## Written offline"' in page.evaluate(f"localStorage.getItem({drafts[0]!r})")
    assert deck.slides.get().source == "## Before"
    browser_context.set_offline(False)
    wait_saved(page)
    assert deck.slides.get().source == "## Written offline"
    assert page.evaluate("Object.keys(localStorage).filter(key => key.startsWith('talks:drafts:'))") == []


def test_unsaved_text_left_in_the_browser_is_saved_on_the_next_visit(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## Before", ""))
    open_editor(page, live_server, deck)
    type_while_offline(page, "## Typed before the crash")
    browser_context.set_offline(False)
    page.evaluate("() => { window.onbeforeunload = null; }")
    page.reload(wait_until="load")  # the tab's drafts survive a reload
    wait_saved(page)
    assert deck.slides.get().source == "## Typed before the crash"
    expect(page.locator("[data-source]")).to_have_value("## Typed before the crash")


def test_leaving_with_unsaved_changes_asks_first(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## Before", ""))
    open_editor(page, live_server, deck)
    type_while_offline(page, "## Not saved yet")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()
    assert not page.is_closed()
    # Staying on the page keeps the change, and it is saved once the server is back.
    browser_context.set_offline(False)
    wait_saved(page)
    assert deck.slides.get().source == "## Not saved yet"


def test_errors_in_the_text_are_shown_by_their_line_and_the_slide_still_previews(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## Fine", ""))
    open_editor(page, live_server, deck)
    code_editor(page, SOURCE).fill("## Still shown\n.big[never closed")
    expect(page.locator("[data-preview] h2")).to_have_text("Still shown")
    expect(page.locator("[data-errors] .text-error")).to_have_count(1)
    expect(page.locator("[data-errors] .text-error")).to_have_text(re.compile(r"^Line 2: "))
    expect(problem_marks(page, SOURCE)).to_have_attribute("data-line", "2")
    expect(problem_marks(page, SOURCE)).to_have_attribute("title", re.compile(r"never closed"))


def test_the_step_switcher_shows_each_build_step(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## Builds\n--\n\nfirst\n--\n\nsecond", ""))
    open_editor(page, live_server, deck)
    label = page.locator("[data-step-label]")
    expect(label).to_have_text("Step 3 of 3")
    slide = page.locator("[data-preview] .slide-content")
    expect(slide).to_have_text("Builds first second")
    page.get_by_role("button", name="Previous build step").click()
    expect(label).to_have_text("Step 2 of 3")
    expect(slide).to_have_text("Builds first")
    page.get_by_role("button", name="Previous build step").click()
    expect(label).to_have_text("Step 1 of 3")
    expect(slide).to_have_text("Builds")
    page.get_by_role("button", name="Next build step").click()
    expect(label).to_have_text("Step 2 of 3")
    # Typing moves the preview to the step the caret is in.
    source = code_editor(page, SOURCE)
    source.click()
    source.press("Control+Home")
    source.type("#")
    expect(label).to_have_text("Step 1 of 3")
    expect(page.locator("[data-preview] h3")).to_have_text("Builds")
    expect(slide).to_have_text("Builds")


def test_restore_an_old_revision_from_the_history(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## The original", "First notes."))
    open_editor(page, live_server, deck)
    save_source(page, "## A rewrite")
    page.get_by_role("link", name="History").click()
    expect(page.locator(".history-table tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Compare the two chosen versions").click()
    expect(page.locator(".diff-remove").first).to_have_text("-## The original")
    page.go_back()
    page.get_by_role("button", name="Restore version 1").click()
    expect(page).to_have_url(f"{live_server.url}/decks/{deck.slug}/edit/")
    expect(page.locator(".messages")).to_have_text("Restored version 1 as version 3.")
    expect(page.locator("[data-source]")).to_have_value("## The original")
    expect(page.locator("[data-preview] h2")).to_have_text("The original")
    assert list(deck.revisions.values_list("version", "summary")) == [
        (3, "Restored version 1"),
        (2, "Edited slide 1"),
        (1, "Created the deck"),
    ]


def test_whole_deck_text_mode_round_trip(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## One", "Notes one."), ("## Two", ""))
    open_editor(page, live_server, deck)
    page.get_by_role("button", name="Whole deck as text").click()
    expect(page.locator("[data-deck-text]")).to_have_value("## One\nNote: Notes one.\n---\n## Two")
    text = code_editor(page, DECK_TEXT)
    text.fill("## One\nNote: Notes one.\n---\n## Two, changed\n---\n## Three\nNote: New notes.")
    wait_saved(page)
    expect(page.locator("[data-text-errors] li")).to_have_count(0)
    text.press("Control+End")
    text.type("\n.big[never closed")
    expect(page.locator("[data-text-errors] .text-error")).to_have_text(re.compile(r"^Line 8: "))
    expect(problem_marks(page, DECK_TEXT)).to_have_attribute("data-line", "8")
    text.press("Backspace")  # takes the half-written line back out
    for _ in range(len(".big[never closed")):
        text.press("Backspace")
    wait_saved(page)
    expect(page.locator("[data-text-errors] li")).to_have_count(0)
    page.get_by_role("button", name="Back to slides").click()
    expect(thumbnails(page).locator("h2")).to_have_text(["One", "Two, changed", "Three"])
    page.locator(".slide-item").nth(2).click()
    expect(page.locator("[data-notes]")).to_have_value("New notes.")
    assert list(deck.slides.order_by("position").values_list("source", "notes")) == [
        ("## One", "Notes one."),
        ("## Two, changed", ""),
        ("## Three", "New notes."),
    ]
    page.get_by_role("button", name="Whole deck as text").click()
    expect(page.locator("[data-deck-text]")).to_have_value(
        "## One\nNote: Notes one.\n---\n## Two, changed\n---\n## Three\nNote: New notes."
    )
    no_problems(page)


def test_text_of_a_slide_deleted_in_another_tab_can_be_kept_as_a_new_slide(browser_context, live_server, alice):
    deck = make_deck(alice, ("## One", ""), ("## Two", ""), ("## Three", ""))
    first, second = open_two_tabs(browser_context, live_server, deck)
    first.locator(".slide-item").nth(1).click()
    first.once("dialog", lambda dialog: dialog.accept())
    first.get_by_role("button", name="Delete", exact=True).click()
    expect(thumbnails(first)).to_have_count(2)
    wait_saved(first)

    second.locator(".slide-item").nth(1).click()
    code_editor(second, SOURCE).fill("## Two, rewritten")
    dialog = second.locator("[data-conflict]")
    expect(dialog.locator("[data-conflict-message]")).to_have_text(
        "This deck was changed elsewhere (now version 2); your change was based on version 1. Nothing was overwritten."
    )
    expect(dialog.locator("[data-conflict-theirs]")).to_have_value("(This slide was deleted in the saved version.)")
    dialog.get_by_role("button", name="Keep mine").click()
    wait_saved(second)
    expect(thumbnails(second).locator("h2")).to_have_text(["One", "Two, rewritten", "Three"])
    assert list(deck.slides.order_by("position").values_list("source", flat=True)) == [
        "## One",
        "## Two, rewritten",
        "## Three",
    ]


def test_images_dropped_on_the_editor_are_uploaded(page, browser_context, live_server, alice):
    import base64

    deck = make_deck(alice, ("@= dropped.png", ""))
    open_editor(page, live_server, deck)
    page.evaluate(
        """(encoded) => {
            const bytes = Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
            const data = new DataTransfer();
            data.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
            const zone = document.querySelector("[data-drop-zone]");
            for (const type of ["dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
            }
        }""",
        base64.b64encode(png_bytes((64, 36))).decode(),
    )
    expect(page.locator(".image-item [data-image-name]")).to_have_value("dropped.png")
    expect(page.locator("[data-preview] .slide-content img")).to_have_attribute(
        "src", re.compile(r"/images/[0-9a-f]{16}/dropped\.png$")
    )
    assert list(deck.assets.values_list("name", "size")) == [("dropped.png", len(png_bytes((64, 36))))]


def test_two_tabs_saving_the_whole_text_get_the_conflict_view(browser_context, live_server, alice):
    deck = make_deck(alice, ("## One", ""), ("## Two", ""))
    first, second = open_two_tabs(browser_context, live_server, deck)
    for tab in (first, second):
        tab.get_by_role("button", name="Whole deck as text").click()
        expect(tab.locator("[data-deck-text]")).to_have_value("## One\n---\n## Two")
    code_editor(first, DECK_TEXT).fill("## One from the first tab\n---\n## Two")
    wait_saved(first)
    code_editor(second, DECK_TEXT).fill("## One\n---\n## Two from the second tab")
    dialog = second.locator("[data-conflict]")
    expect(dialog.locator("[data-conflict-theirs]")).to_have_value("## One from the first tab\n---\n## Two")
    expect(dialog.locator("[data-conflict-mine]")).to_have_value("## One\n---\n## Two from the second tab")
    expect(dialog.locator("[data-conflict-mine-notes]")).to_be_hidden()
    dialog.locator("[data-conflict-mine]").fill("## One from the first tab\n---\n## Two from the second tab")
    dialog.get_by_role("button", name="Keep mine").click()
    wait_saved(second)
    expect(second.locator("[data-deck-text]")).to_have_value("## One from the first tab\n---\n## Two from the second tab")
    assert list(deck.slides.order_by("position").values_list("source", flat=True)) == [
        "## One from the first tab",
        "## Two from the second tab",
    ]
    assert list(deck.revisions.values_list("version", flat=True)) == [3, 2, 1]


def test_rename_and_delete_an_image_in_the_editor(page, browser_context, live_server, alice):
    from tests.factories import add_image

    deck = make_deck(alice, ("@= chart.png", ""))
    add_image(deck, "old-name.png", png_bytes((64, 36)))
    open_editor(page, live_server, deck)
    expect(page.locator(".image-use")).to_have_text("Not used on any slide")
    page.get_by_label("New name for old-name.png").fill("chart.png")
    page.get_by_role("button", name="Rename").click()
    expect(page.locator(".image-use")).to_have_text("Used on slide 1")
    expect(page.locator("[data-missing-images] li")).to_have_count(0)
    expect(page.locator("[data-preview] .slide-content img")).to_have_attribute(
        "src", re.compile(r"/images/[0-9a-f]{16}/chart\.png$")
    )
    assert list(deck.assets.values_list("name", flat=True)) == ["chart.png"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(".image-item").get_by_role("button", name="Delete").click()
    expect(page.locator(".image-item")).to_have_count(0)
    expect(page.locator("[data-missing-images]")).to_have_text("chart.png is named by the deck but not uploaded.")
    assert deck.assets.count() == 0
    assert list(deck.revisions.values_list("summary", flat=True)[:2]) == [
        "Deleted image chart.png",
        "Renamed image old-name.png to chart.png",
    ]


def test_a_save_brings_the_thumbnail_and_health_without_fetching_the_deck(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## One", "Notes."), ("## Two", "Notes."), ("## Three", "Notes."))
    open_editor(page, live_server, deck)
    requests = []
    page.on("request", lambda request: requests.append((request.method, request.url.removeprefix(live_server.url))))
    page.locator(".slide-item").nth(1).click()
    code_editor(page, NOTES).fill("")
    code_editor(page, SOURCE).fill("## Two, retitled\n@ chart.png")
    wait_saved(page)
    expect(thumbnails(page).nth(1).locator("h2")).to_have_text("Two, retitled")
    expect(page.locator("[data-health='slides-without-notes']")).to_have_text("1 slide without notes: 2")
    expect(page.locator("[data-health='missing-images']")).to_have_text("Missing images: chart.png")
    expect(page.locator("[data-missing-images]")).to_have_text("chart.png is named by the deck but not uploaded.")
    slide = deck.slides.get(position=1)
    # Deck health's measures of the drawn steps (edit/measure/…) are reports, not saves.
    saves = [request for request in requests if request[0] == "POST" and "/preview/" not in request[1] and "/measure/" not in request[1]]
    assert saves == [("POST", f"/decks/{deck.slug}/edit/slides/{slide.pk}/")] * len(saves) and saves
    assert not [request for request in requests if request[0] == "GET" and "/edit/state/" in request[1]]
    no_problems(page)


def test_a_note_in_the_shorthand_and_the_notes_box_are_one_notes_text(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("## Questions?", "Wait five seconds."), ("## Next", ""))
    open_editor(page, live_server, deck)
    source, notes = page.locator("[data-source]"), page.locator("[data-notes]")
    expect(notes).to_have_value("Wait five seconds.")
    code_editor(page, SOURCE).click()
    code_editor(page, SOURCE).press("Control+End")
    code_editor(page, SOURCE).type("\nNote: Ask who tried it.")
    # While the caret is in the shorthand, the preview already shows both notes.
    expect(page.locator("[data-notes-preview] p")).to_have_text(["Ask who tried it.", "Wait five seconds."])
    wait_saved(page)
    assert list(deck.slides.values_list("source", "notes"))[0] == ("## Questions?", "Ask who tried it.\n\nWait five seconds.")
    expect(source).to_have_value("## Questions?\nNote: Ask who tried it.")
    code_editor(page, NOTES).click()  # the caret leaves the shorthand: the fields show the slide as stored
    expect(source).to_have_value("## Questions?")
    expect(notes).to_have_value("Ask who tried it.\n\nWait five seconds.")
    expect(page.locator("[data-status]")).to_have_text("All changes saved")

    page.reload()
    expect(page.locator("[data-status]")).to_have_text("All changes saved")
    expect(source).to_have_value("## Questions?")
    expect(notes).to_have_value("Ask who tried it.\n\nWait five seconds.")
    expect(page.locator("[data-notes-preview] p")).to_have_text(["Ask who tried it.", "Wait five seconds."])
    revision = deck.revisions.first()
    assert revision.text == "## Questions?\nNote: Ask who tried it.\n\nWait five seconds.\n---\n## Next"
    no_problems(page)


def test_describe_an_image_or_mark_it_decorative_in_the_images_panel(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("@= chart.png", "The chart."), ("@= logo.png", "Our logo."))
    add_image(deck, "chart.png", png_bytes((64, 36)))
    add_image(deck, "logo.png", png_bytes((64, 36)))
    open_editor(page, live_server, deck)
    health = page.locator("[data-health=undescribed-images]")
    expect(health).to_have_text("Images without a description: chart.png, logo.png")

    page.get_by_role("textbox", name="Description of chart.png").fill("Requests per second, rising")
    page.get_by_role("button", name="Save the description of chart.png").click()
    expect(health).to_have_text("Images without a description: logo.png")
    expect(page.locator("[data-preview] .slide-content img")).to_have_attribute("alt", "Requests per second, rising")

    page.get_by_label("Decorative (screen readers skip it)").nth(1).check()
    expect(page.get_by_role("textbox", name="Description of logo.png")).to_be_disabled()
    page.get_by_role("button", name="Save the description of logo.png").click()
    expect(health).to_have_text("Every image has a description or is marked decorative.")
    assert sorted(deck.assets.values_list("name", "description", "decorative")) == [
        ("chart.png", "Requests per second, rising", False),
        ("logo.png", "", True),
    ]
    page.reload()
    expect(page.get_by_role("textbox", name="Description of chart.png")).to_have_value("Requests per second, rising")
    expect(page.get_by_label("Decorative (screen readers skip it)").nth(1)).to_be_checked()
    assert list(deck.revisions.values_list("summary", flat=True)[:2]) == [
        "Marked image logo.png decorative",
        "Described image chart.png",
    ]
