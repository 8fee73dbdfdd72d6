"""The shorthand guide at /guide/, and the editor's quick reference and image-name completion."""

import re

import pytest
from playwright.sync_api import expect

from decks.guide import EXAMPLES, guide_sections
from tests.code_editors import SOURCE, code_editor
from tests.conftest import log_in
from tests.factories import add_image, make_deck

# Every construct of FORMAT.md §2–§6, as a pattern its example must contain.
CONSTRUCTS = {
    "new slide ---": r"^---$",
    "build step --": r"^--$",
    "Note:": r"^Note: ",
    "#= title": r"^#= ",
    "##= title": r"^##= ",
    "@ inline image": r"^@ \S",
    "@= full image": r"^@= \S",
    "@^ top image": r"^@\^ \S",
    "@^^ main image": r"^@\^\^ \S",
    "~@ background": r"^~@ \S",
    "! one emoji": r"^! \w+$",
    "! emoji row": r"^! \w+ \| \w+",
    "one-line code": r"^py \S",
    "code then a step": r"^js- \S",
    "$$terminal": r"^\$\$terminal ",
    "$$prompt": r"^\$\$prompt ",
    "$$w": r"^\$\$w",
    "$$py": r"^\$\$py ",
    "$$pyw": r"^\$\$pyw",
    "$$pd": r"^\$\$pd ",
    "$$end": r"^\$\$end$",
    "fenced code": r"^```",
    "hand-written pre": r"<pre><code>",
    "vv footnote": r"^vv ",
    "$$# corner label": r"^\$\$# ",
    "class: line": r"^class: ",
    "~~~ dark slide": r"^~~~$",
    ".name[ class": r"\.rf\[",
    "chained classes": r"\.\w+\.\w+\[",
    "nested classes": r"\.\w+\[[^\]]*\.\w+\[",
    "multi-line class": r"\.\w+\[$",
    "raw HTML": r"<br>",
    "entity": r"&num;",
    "&lt;": r"&lt;",
    ".noop[": r"\.noop\[",
    "table": r"^\|---\|",
    "emphasis": r"\*\w",
    "list": r"^\* ",
    "inline code": r"`\w+`",
}


def test_the_guide_has_an_example_of_every_construct():
    texts = [example.text for example in EXAMPLES]
    missing = [name for name, pattern in CONSTRUCTS.items()
               if not any(re.search(pattern, text, re.MULTILINE) for text in texts)]  # fmt: skip
    assert missing == []


def test_every_guide_example_renders_without_a_problem_or_stray_setting_text():
    rendered = [example for _, _, examples in guide_sections() for example in examples]
    assert [(example.example.slug, example.problems) for example in rendered] == [
        (example.slug, []) for example in EXAMPLES
    ]
    assert all(example.steps for example in rendered)
    shown = {
        example.example.slug: " ".join(re.sub(r"<[^>]+>", " ", step.html) for _, _, step in example.steps)
        for example in rendered
    }
    assert [slug for slug, text in shown.items() if re.search(r"\b(class|background-image):", text)] == []


@pytest.mark.django_db
def test_the_home_page_and_the_deck_list_link_to_the_guide(client, alice_client):
    for page in (client.get("/").content.decode(), alice_client.get("/decks/").content.decode()):
        assert re.findall(r'<a href="([^"]+)" data-guide-link>', page) == ["/guide/"]


def no_problems(page):
    # Chromium asks for /favicon.ico on its own; the site has none.
    console_errors = [error for error in page.problems.console_errors if "404" not in error]
    failed = [request for request in page.problems.failed_requests if not request.endswith("/favicon.ico")]
    assert (console_errors, page.problems.page_errors, failed) == ([], [], [])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_guide_renders_every_construct_with_no_problem_and_no_console_error(page, live_server):
    page.goto(f"{live_server.url}/guide/")
    examples = page.locator("[data-guide-example]")
    expect(examples).to_have_count(len(EXAMPLES))
    in_page_order = [rendered.example for _, _, examples in guide_sections() for rendered in examples]
    assert [examples.nth(index).get_attribute("data-guide-example") for index in range(len(EXAMPLES))] == [
        example.slug for example in in_page_order
    ]
    expect(page.locator("[data-guide-problem]")).to_have_count(0)
    expect(page.locator(".missing-image")).to_have_count(0)
    for index, written in enumerate(in_page_order):
        example = examples.nth(index)
        expect(example.locator("[data-guide-source]")).to_have_text(written.text)
        assert example.locator("[data-guide-slide]").count() >= 1
    every_image_loaded = page.evaluate(
        "[...document.querySelectorAll('[data-guide-slide] img')].every((img) => img.complete && img.naturalWidth > 0)"
    )
    assert every_image_loaded is True
    full_image = page.locator("[data-guide-example='full-image'] [data-guide-slide]")
    expect(full_image).to_have_class("slide-content middle center image")
    terminal = page.locator("[data-guide-example='terminal'] .shell-wrap .shell-top-bar")
    expect(terminal).to_have_text("bash")
    stray = page.evaluate(
        "[...document.querySelectorAll('[data-guide-slide]')].filter((slide) => /class:|background-image:/"
        ".test(slide.innerText)).map((slide) => slide.closest('[data-guide-example]').dataset.guideExample)"
    )
    assert stray == []
    notes = page.locator("[data-guide-example='notes'] [data-guide-notes]")
    expect(notes).to_contain_text("Wait five seconds before moving on.")
    no_problems(page)


def open_editor(page, browser_context, live_server, user, deck):
    log_in(browser_context, live_server, user)
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    expect(page.locator("[data-status]")).to_have_text("All changes saved")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_quick_reference_opens_by_key_and_by_button(page, browser_context, live_server, alice):
    open_editor(page, browser_context, live_server, alice, make_deck(alice))
    panel = page.locator("[data-quick-reference]")
    button = page.get_by_role("button", name="Shorthand help")
    expect(panel).to_be_hidden()
    button.click()
    expect(panel).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(panel.locator("dt")).to_have_count(len(EXAMPLES))
    page.get_by_role("button", name="Close the quick reference").click()
    expect(panel).to_be_hidden()

    code_editor(page, SOURCE).click()
    page.keyboard.press("Control+/")
    expect(panel).to_be_visible()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(code_editor(page, SOURCE)).to_be_focused()
    page.keyboard.press("Control+/")
    expect(panel).to_be_visible()
    page.keyboard.press("Control+/")
    expect(panel).to_be_hidden()
    no_problems(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_guide_is_two_clicks_from_the_editor(page, browser_context, live_server, alice):
    open_editor(page, browser_context, live_server, alice, make_deck(alice))
    page.get_by_role("button", name="Shorthand help").click()
    with browser_context.expect_page() as opened:
        page.get_by_role("link", name="Open the full guide, with every example rendered").click()
    guide = opened.value
    guide.wait_for_load_state()
    assert guide.url == f"{live_server.url}/guide/"
    expect(guide.get_by_role("heading", name="The slide shorthand", level=1)).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_image_completion_offers_the_decks_names_after_each_image_command(page, browser_context, live_server, alice):
    deck = make_deck(alice, ("#= Hello", "Say hello."))
    for name in ("stage.png", "stairs.png", "team/photo.png", "wave.svg"):
        add_image(deck, name)
    open_editor(page, browser_context, live_server, alice, deck)
    source = code_editor(page, SOURCE)
    choices = page.locator(".cm-tooltip-autocomplete .cm-completionLabel")
    cases = [
        ("@= st", ["stage.png", "stairs.png"]),
        ("@ ", ["stage.png", "stairs.png", "team/photo.png", "wave.svg"]),
        ("@^ pho", ["team/photo.png"]),
        ("~@ wa", ["wave.svg"]),
        ("! stage.png | wa", ["wave.svg"]),
    ]
    for typed, expected in cases:
        source.fill("#= Hello\n")
        source.press("End")
        page.keyboard.press("Control+End")
        page.keyboard.type(typed)
        expect(choices).to_have_text(expected)

    source.fill("#= Hello\n")
    page.keyboard.press("Control+End")
    page.keyboard.type("@= st")
    expect(choices).to_have_text(["stage.png", "stairs.png"])
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("[data-source]")).to_have_value("#= Hello\n@= stairs.png")
    expect(page.locator(".cm-tooltip-autocomplete")).to_have_count(0)
    expect(page.locator("[data-preview] .slide-content img")).to_have_count(1)

    page.keyboard.type("\nplain text st")
    expect(page.locator(".cm-tooltip-autocomplete")).to_have_count(0)
    # Tab takes a name too.
    page.keyboard.type("\n~@ wa")
    expect(choices).to_have_text(["wave.svg"])
    page.keyboard.press("Tab")
    expect(page.locator("[data-source]")).to_have_value("#= Hello\n@= stairs.png\nplain text st\n~@ wave.svg")
    no_problems(page)
