"""Code on the projector is in the colours remark's default highlight style
gave the audience (static/presenter/theme.css, the code colours block), read
from the laid-out page in Chromium."""

import pytest

from decks.models import Deck

from .factories import make_deck
from .pages import show_step

CODE_SLIDES = (
    "py- >>> import this\nco 'ok'",
    "```python\ndef soup(guests):\n    return 'leek' * 2  # hot\n```\nServe `soup(3)` hot.",
    "rb puts :ready if nil",
)
BLACK, DARK_RED, GREEN, GREY, LAVENDER = "rgb(0, 0, 0)", "rgb(136, 0, 0)", "rgb(0, 136, 0)", "rgb(136, 136, 136)", "rgb(136, 136, 255)"


def looks(step, selector):
    """(colour, weight) of each element the selector finds in the step, as laid out."""
    return step.locator(selector).evaluate_all(
        "elements => elements.map(e => [getComputedStyle(e).color, getComputedStyle(e).fontWeight])"
    )


@pytest.fixture
def code_deck(alice, live_server, page):
    deck = make_deck(alice, *CODE_SLIDES, title="Code", slug="code", visibility=Deck.Visibility.PUBLIC)
    return lambda slide, step=1: show_step(page, f"{live_server.url}/talks/{deck.slug}/", slide, step)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_keywords_are_bold_and_strings_dark_red_on_the_projector(code_deck):
    step = code_deck(2)
    assert looks(step, "pre .keyword") == [[BLACK, "700"], [BLACK, "700"]]  # def, return
    assert looks(step, "pre .title") == [[DARK_RED, "700"]]
    assert looks(step, "pre .string") == [[DARK_RED, "400"]]
    assert looks(step, "pre .number") == [[GREEN, "400"]]
    assert looks(step, "pre .comment") == [[GREY, "400"]]
    # Inline code is not highlighted, as remark left it.
    assert step.locator("p code").get_attribute("class") == "remark-code"
    assert looks(step, "p code") == [[BLACK, "400"]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_one_line_keys_show_their_prompt_builtins_and_ruby_strings_in_colour(code_deck):
    first = code_deck(1, 1)
    assert looks(first, "pre .prompt") == [[LAVENDER, "400"]]
    assert looks(first, "pre .keyword") == [[BLACK, "700"]]  # import
    shown = code_deck(1, 2)
    assert shown.locator("pre code").evaluate_all("codes => codes.map(c => c.className)") == ["python remark-code", "remark-code"]
    assert looks(shown, "pre code.remark-code:not(.python) span") == []  # `co 'ok'`: no language, no colours
    ruby = code_deck(3)
    assert looks(ruby, "pre .symbol") == [[DARK_RED, "400"]]
    assert looks(ruby, "pre .keyword") == [[BLACK, "700"], [BLACK, "700"]]  # if, nil
