"""The editor's code fields (CodeMirror 6), in Chromium: the shorthand coloured, undo and redo
across slides, search, problems in the gutter, images pasted into the text, the notes and the
stylesheet edited the same way, by keyboard, screen reader and a finger on a tablet."""

import base64
import re
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import expect

from decks.models import Deck
from tests.code_editors import NOTES, SOURCE, STYLESHEET, code_editor, problem_marks
from tests.conftest import PageProblems, log_in
from tests.factories import add_image, make_deck, png_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def open_editor(page, live_server, deck):
    log_in(page.context, live_server, deck.owner)
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    expect(page.locator("[data-status]")).to_have_text("All changes saved")


def wait_saved(page):
    expect(page.locator("[data-status]")).to_have_text("All changes saved", timeout=10000)


def sources(deck):
    return list(Deck.objects.get(pk=deck.pk).slides.values_list("source", flat=True))


def selected_slide(page):
    return page.locator(".slide-select[aria-current=true]")


def test_the_shorthand_is_coloured_with_line_numbers(page, live_server, alice):
    text = "#= Title\n@= pic.png\n.big[Hello]\n--\n```py\nx = 1\n```\nNote: Smile."
    open_editor(page, live_server, make_deck(alice, (text, "")))
    editor = page.locator(f"[data-code-for={SOURCE}]")
    marks = editor.locator(".cm-content span[class^=sh-]")
    expect(marks).to_have_count(10)
    assert marks.evaluate_all("spans => spans.map((span) => [span.className, span.textContent])") == [
        ["sh-heading", "#= Title"],
        ["sh-command", "@="],
        ["sh-argument", " pic.png"],
        ["sh-class", ".big["],
        ["sh-class", "]"],
        ["sh-separator", "--"],
        ["sh-fence", "```py"],
        ["sh-code", "x = 1"],
        ["sh-fence", "```"],
        ["sh-notes", "Note:"],
    ]
    # Drawn in colours of their own (decks/editor.css), not the text's.
    def colour(selector):
        return editor.locator(selector).first.evaluate("span => getComputedStyle(span).color")

    assert colour(".sh-command") == "rgb(11, 92, 173)"
    assert colour(".sh-class") == "rgb(160, 49, 59)"
    assert colour(".cm-line") not in {colour(".sh-command"), colour(".sh-class")}
    expect(editor.locator(".cm-lineNumbers .cm-gutterElement:visible")).to_have_text([str(n) for n in range(1, 9)])
    errors = [error for error in page.problems.console_errors if "404" not in error]  # pic.png is not uploaded
    assert (errors, page.problems.page_errors) == ([], [])


def test_undo_and_redo_go_back_across_slides_and_save_what_they_bring_back(page, live_server, alice):
    deck = make_deck(alice, ("## One", ""), ("## Two", ""))
    open_editor(page, live_server, deck)
    source = code_editor(page, SOURCE)
    source.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" changed")
    page.locator(".slide-item").nth(1).click()
    expect(page.locator("[data-source]")).to_have_value("## Two")
    source.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" edited")
    wait_saved(page)
    assert sources(deck) == ["## One changed", "## Two edited"]

    page.keyboard.press("Control+z")
    expect(page.locator("[data-source]")).to_have_value("## Two")
    # Nothing left to undo on slide 2: the next undo goes to slide 1, and shows it.
    page.keyboard.press("Control+z")
    expect(selected_slide(page)).to_have_attribute("aria-label", "Slide 1")
    expect(page.locator("[data-source]")).to_have_value("## One")
    expect(source).to_be_focused()
    wait_saved(page)
    assert sources(deck) == ["## One", "## Two"]

    page.keyboard.press("Control+y")
    expect(page.locator("[data-source]")).to_have_value("## One changed")
    page.keyboard.press("Control+Shift+Z")
    expect(selected_slide(page)).to_have_attribute("aria-label", "Slide 2")
    expect(page.locator("[data-source]")).to_have_value("## Two edited")
    wait_saved(page)
    assert sources(deck) == ["## One changed", "## Two edited"]

    # The buttons do the same, for a tablet without a keyboard.
    page.get_by_role("button", name="Undo", exact=True).click()
    expect(page.locator("[data-source]")).to_have_value("## Two")
    page.get_by_role("button", name="Undo", exact=True).click()
    expect(page.locator("[data-source]")).to_have_value("## One")
    page.get_by_role("button", name="Redo", exact=True).click()
    expect(page.locator("[data-source]")).to_have_value("## One changed")
    wait_saved(page)
    assert sources(deck) == ["## One changed", "## Two"]


def test_undo_takes_back_a_notes_edit_and_a_fix_like_typing(page, live_server, alice):
    deck = make_deck(alice, ("## Draft", "First notes."))
    open_editor(page, live_server, deck)
    code_editor(page, NOTES).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" More.")
    expect(page.locator("[data-notes]")).to_have_value("First notes. More.")
    code_editor(page, SOURCE).fill("## Right in the middle\nclass: center")
    page.get_by_role("button", name="Fix line 2: Move the line to the top of the slide").click()
    expect(page.locator("[data-source]")).to_have_value("class: center\n## Right in the middle")
    page.keyboard.press("Control+z")
    expect(page.locator("[data-source]")).to_have_value("## Right in the middle\nclass: center")
    page.keyboard.press("Control+z")
    expect(page.locator("[data-source]")).to_have_value("## Draft")
    page.keyboard.press("Control+z")
    expect(page.locator("[data-notes]")).to_have_value("First notes.")
    wait_saved(page)
    assert list(Deck.objects.get(pk=deck.pk).slides.values_list("source", "notes")) == [("## Draft", "First notes.")]


def test_search_finds_the_text_in_the_slide(page, live_server, alice):
    open_editor(page, live_server, make_deck(alice, ("## Search me\nhay\nhay needle hay\nneedle again", "")))
    code_editor(page, SOURCE).click()
    page.keyboard.press("Control+f")
    find = page.get_by_role("textbox", name="Find")
    expect(find).to_be_focused()
    find.press_sequentially("needle")
    expect(page.locator(f"[data-code-for={SOURCE}] .cm-searchMatch")).to_have_count(2)
    find.press("Enter")
    start = len("## Search me\nhay\nhay ")
    assert page.locator("[data-source]").evaluate("field => [field.selectionStart, field.selectionEnd]") == [
        start,
        start + len("needle"),
    ]
    find.press("Enter")
    start = len("## Search me\nhay\nhay needle hay\n")
    expect(page.locator("[data-source]")).to_have_js_property("selectionStart", start)
    find.press("Escape")
    expect(page.locator(".cm-search")).to_have_count(0)
    # And by the button.
    page.get_by_role("button", name="Find", exact=True).click()
    expect(page.get_by_role("textbox", name="Find")).to_be_focused()


def test_a_warning_is_marked_in_the_gutter_beside_its_line(page, live_server, alice):
    open_editor(page, live_server, make_deck(alice, ("## Fine", "")))
    code_editor(page, SOURCE).fill("## Fine\nstill fine\nSome .quiet[words here")
    mark = problem_marks(page, SOURCE)
    expect(mark).to_have_count(1)
    expect(mark).to_have_attribute("data-line", "3")
    expect(mark).to_have_attribute("title", re.compile(r"^`\.quiet\[` is never closed with `\]`"))
    number = page.locator(f"[data-code-for={SOURCE}] .cm-lineNumbers .cm-gutterElement", has_text=re.compile("^3$"))
    assert abs(mark.bounding_box()["y"] - number.bounding_box()["y"]) < 4
    # Typing takes the mark away until the server has looked again.
    page.keyboard.type("]")
    expect(page.locator("[data-errors] li")).to_have_count(0)
    expect(mark).to_have_count(0)


def paste_png(page, field, name, size):
    code_editor(page, field).evaluate(
        """(content, [encoded, name]) => {
            const bytes = Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
            const data = new DataTransfer();
            data.items.add(new File([bytes], name, { type: "image/png" }));
            content.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        }""",
        [base64.b64encode(png_bytes(size)).decode(), name],
    )


def test_a_pasted_png_is_uploaded_and_its_image_line_written_at_the_caret(page, live_server, alice):
    deck = make_deck(alice, ("## Pasted\nbelow the title", ""))
    add_image(deck, "image.png")
    open_editor(page, live_server, deck)
    code_editor(page, SOURCE).click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("End")
    paste_png(page, SOURCE, "image.png", (64, 36))
    # The deck has an image.png already: the paste gets a name of its own and replaces nothing.
    expect(page.locator("[data-source]")).to_have_value("## Pasted\n@ image-2.png\nbelow the title")
    expect(page.locator("[data-preview] .slide-content img")).to_have_attribute(
        "src", re.compile(r"/images/[0-9a-f]{16}/image-2\.png$")
    )
    wait_saved(page)
    deck = Deck.objects.get(pk=deck.pk)
    assert sorted(deck.assets.values_list("name", flat=True)) == ["image-2.png", "image.png"]
    assert deck.assets.get(name="image-2.png").size == len(png_bytes((64, 36)))
    assert sources(deck) == ["## Pasted\n@ image-2.png\nbelow the title"]
    # One undo takes the line back out; the image stays in the deck.
    page.keyboard.press("Control+z")
    expect(page.locator("[data-source]")).to_have_value("## Pasted\nbelow the title")
    assert page.problems.page_errors == []


def test_an_image_dropped_on_a_line_of_the_slide_is_uploaded_and_written_there(page, live_server, alice):
    deck = make_deck(alice, ("## Dropped\nfirst line\nlast line", ""))
    open_editor(page, live_server, deck)
    line = page.locator(f"[data-code-for={SOURCE}] .cm-line", has_text="first line")
    box = line.bounding_box()
    code_editor(page, SOURCE).evaluate(
        """(content, [encoded, x, y]) => {
            const bytes = Uint8Array.from(atob(encoded), (character) => character.charCodeAt(0));
            const data = new DataTransfer();
            data.items.add(new File([bytes], "dropped.png", { type: "image/png" }));
            for (const type of ["dragover", "drop"]) {
                content.dispatchEvent(new DragEvent(type, { dataTransfer: data, clientX: x, clientY: y, bubbles: true, cancelable: true }));
            }
        }""",
        [base64.b64encode(png_bytes((40, 30))).decode(), box["x"] + box["width"] - 2, box["y"] + box["height"] / 2],
    )
    expect(page.locator("[data-source]")).to_have_value("## Dropped\nfirst line\n@ dropped.png\nlast line")
    wait_saved(page)
    assert list(Deck.objects.get(pk=deck.pk).assets.values_list("name", flat=True)) == ["dropped.png"]
    assert sources(deck) == ["## Dropped\nfirst line\n@ dropped.png\nlast line"]


def test_a_pasted_file_the_image_policy_refuses_says_why_and_writes_nothing(page, live_server, alice):
    deck = make_deck(alice, ("## Pasted", ""))
    open_editor(page, live_server, deck)
    code_editor(page, SOURCE).click()
    code_editor(page, SOURCE).evaluate(
        """(content) => {
            const data = new DataTransfer();
            data.items.add(new File([new Uint8Array([1, 2, 3, 4])], "broken.png", { type: "image/png" }));
            content.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
        }"""
    )
    expect(page.locator("[data-image-message]")).not_to_be_empty()
    expect(page.locator("[data-source]")).to_have_value("## Pasted")
    assert not Deck.objects.get(pk=deck.pk).assets.exists()


def test_the_notes_and_the_stylesheet_are_code_editors_too(page, live_server, alice):
    deck = make_deck(alice, ("## Notes", "Say it slowly."))
    open_editor(page, live_server, deck)
    notes = code_editor(page, NOTES)
    expect(notes).to_have_attribute("role", "textbox")
    expect(notes).to_have_text("Say it slowly.")
    notes.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Breathe.")
    expect(page.locator("[data-notes-preview]")).to_have_text("Say it slowly. Breathe.")
    wait_saved(page)
    assert Deck.objects.get(pk=deck.pk).slides.get().notes == "Say it slowly. Breathe."

    page.select_option("[data-look-choice]", "own")
    stylesheet = code_editor(page, STYLESHEET)
    stylesheet.fill(".remark-slide-content h2 { color: rgb(1, 2, 3) }")
    expect(page.locator("[data-look-stylesheet]")).to_have_value(".remark-slide-content h2 { color: rgb(1, 2, 3) }")
    # CSS colouring: the property, the selector and the value are marked apart.
    expect(page.locator(f"[data-code-for={STYLESHEET}] .cm-line span")).not_to_have_count(0)
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('[data-preview] .slide-content h2')).color === 'rgb(1, 2, 3)'"
    )
    stylesheet.press("Control+f")
    expect(page.locator(f"[data-code-for={STYLESHEET}] .cm-search")).to_be_visible()


def test_the_editor_page_has_no_accessibility_violations(browser, live_server, alice):
    deck = make_deck(alice, ("## Checked\n.big[words]", "Notes."), ("## Two\n.quiet[never closed", ""))
    # axe-core is added to the page as a script of its own, past the page's CSP.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    try:
        page = context.new_page()
        open_editor(page, live_server, deck)
        page.locator(".slide-item").nth(1).click()
        expect(problem_marks(page, SOURCE)).to_have_count(1)
        code_editor(page, SOURCE).press("Control+f")
        page.add_script_tag(content=AXE)
        results = page.evaluate("async () => await axe.run(document)")
        found = [(violation["id"], [node["target"] for node in violation["nodes"]]) for violation in results["violations"]]
        assert found == []
    finally:
        context.close()


def test_a_tablet_types_into_the_slide_with_a_finger(browser, live_server, alice):
    deck = make_deck(alice, ("## Tablet", ""))
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.problems = PageProblems(page)
        open_editor(page, live_server, deck)
        code_editor(page, SOURCE).tap()
        expect(code_editor(page, SOURCE)).to_be_focused()
        page.keyboard.press("Control+End")
        page.keyboard.insert_text("\ntapped in")
        expect(page.locator("[data-source]")).to_have_value("## Tablet\ntapped in")
        wait_saved(page)
        assert sources(deck) == ["## Tablet\ntapped in"]
        page.get_by_role("button", name="Undo", exact=True).tap()
        expect(page.locator("[data-source]")).to_have_value("## Tablet")
        box = page.get_by_role("button", name="Undo", exact=True).bounding_box()
        assert box["height"] >= 44
        assert page.problems.page_errors == []
    finally:
        context.close()
