"""What a deck's pages load to draw its slides in its look.

A deck's look (Deck.look) is one of the built-in themes, each a plain
stylesheet in static/, or its own stylesheet (Deck.stylesheet), drawn on
remark's page (static/looks/remark.css) as the decks' stylesheets were
written. Every page that draws slides links, in order: looks/guard.css (what
no look can change), then the theme, or the deck's stylesheet compiled by
decks/stylesheets.py (served as its own file under an address that changes
with its content, so it can be cached for good) and remark.css after it.

looks/guard.css keeps even a slide's own box inside its frame, whatever the
stylesheet says: the slide is contained (`contain: paint`: nothing in it
paints outside it, and `position: fixed` inside it stays in it), stacked at
level 0 and never moved, so no rule can cover, hide or move the page around
it. Its rules sit in a cascade layer declared before anything else, and are
!important: an earlier layer's !important wins over every later or
unlayered rule, a deck's !important included. It also hides every step but
the current one (pages mark it [data-current]); showing the current one is
the look's (a theme's block or flex, remark's table cell).
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.templatetags.static import static
from django.urls import reverse

from .models import Look
from .stylesheets import StylesheetRefused, compile_stylesheet

GUARD = "looks/guard.css"
REMARK_BASE = "looks/remark.css"
DEFAULT_THEME = "presenter/theme.css"
CODE_COLOURS = "looks/code-colours.css"
# Each built-in look: its stylesheets, in order. The others are drawn over the default's layout and code colours.
THEME_FILES = {
    Look.DEFAULT: [DEFAULT_THEME, CODE_COLOURS],
    Look.DARK: [DEFAULT_THEME, CODE_COLOURS, "looks/dark.css"],
    Look.CONTRAST: [DEFAULT_THEME, CODE_COLOURS, "looks/contrast.css"],
    Look.PAPER: [DEFAULT_THEME, CODE_COLOURS, "looks/paper.css"],
}
BUILT_IN = [look for look in Look if look != Look.OWN]
HASH_LENGTH = 16


@dataclass
class DeckStylesheet:
    """A deck's own stylesheet, compiled for its pages."""

    css: str
    digest: str
    warnings: list = field(default_factory=list)  # decks.stylesheets.StylesheetWarning


@dataclass
class DeckLook:
    look: str
    stylesheets: list  # addresses, in the order to link them
    fonts: list = field(default_factory=list)  # addresses of the fonts the stylesheet uses
    warnings: list = field(default_factory=list)


def _asset_urls(deck):
    fonts, images = {}, {}
    for asset in deck.assets.defer("data"):
        (fonts if asset.is_font else images)[asset.name] = asset.get_absolute_url()
    return fonts, images


def compiled_stylesheet(deck, text=None):
    """The deck's own stylesheet (or `text`, unsaved) compiled, cached by the deck's version."""
    key = None
    if text is None:
        key = f"deck-stylesheet:{deck.pk}:{deck.version}:{deck.slug}:{deck.updated.timestamp() if deck.updated else 0}"
        found = cache.get(key)
        if found is not None:
            return found
        text = deck.stylesheet
    fonts, images = _asset_urls(deck)
    try:
        compiled = compile_stylesheet(text, fonts, images)
    except StylesheetRefused as refused:
        from .stylesheets import StylesheetWarning

        return DeckStylesheet("", "", [StylesheetWarning(1, f"{refused}; the slides are drawn without it")])
    digest = hashlib.sha256(compiled.css.encode()).hexdigest()[:HASH_LENGTH]
    result = DeckStylesheet(compiled.css, digest, compiled.warnings)
    if key:
        cache.set(key, result, 24 * 60 * 60)
    return result


def stylesheet_url(deck, compiled):
    return reverse("decks:stylesheet", args=[deck.slug, compiled.digest])


def font_urls(css):
    """The font addresses a compiled stylesheet's @font-face rules load."""
    import re

    return sorted(set(re.findall(r'url\("(/decks/[^"]+/fonts/[^"]+)"\)', css)))


def deck_look(deck):
    """The DeckLook of a deck: the stylesheets its pages link, the fonts they load, and the warnings."""
    if deck.look != Look.OWN:
        return DeckLook(deck.look, theme_stylesheets(deck.look))
    compiled = compiled_stylesheet(deck)
    sheets = [static(GUARD)]
    if compiled.css:
        sheets.append(stylesheet_url(deck, compiled))
    # After the deck's own: remark's base won where the two were as specific (looks/remark.css).
    sheets.extend([static(REMARK_BASE), static(CODE_COLOURS)])
    return DeckLook(deck.look, sheets, font_urls(compiled.css), compiled.warnings)


def theme_stylesheets(look):
    """The stylesheets a page links to draw slides in a built-in theme."""
    return [static(GUARD), *(static(path) for path in THEME_FILES.get(look, THEME_FILES[Look.DEFAULT]))]


def look_state(deck, fonts=None):
    """What the look panel shows: the look, the stylesheet with its warnings, the fonts (pass them when loaded)."""
    look = deck_look(deck)
    fonts = deck.assets.fonts().defer("data") if fonts is None else fonts
    return {
        "look": deck.look,
        "stylesheet": deck.stylesheet,
        "stylesheets": look.stylesheets,
        "warnings": [{"line": warning.line, "message": warning.message} for warning in look.warnings],
        "fonts": [
            {"id": asset.pk, "name": asset.name, "size": asset.size, "url": asset.get_absolute_url()}
            for asset in fonts
        ],
        "choices": [{"value": choice.value, "label": choice.label} for choice in Look],
        "themes": {look.value: theme_stylesheets(look) for look in BUILT_IN},
        "base": [static(GUARD), static(REMARK_BASE), static(CODE_COLOURS)],
    }


# The same slides in every built-in theme, for the theme page: every kind of text a theme styles.
SAMPLE_SLIDES = [
    "#= Feeding a crowd\n## .thick[Kitchen Conf 2026]",
    "## What goes in the pot\n\n* Rice, **washed twice**\n* Stock, with a [recipe](https://example.com/)\n"
    "* .grey[Salt], .rf[chilli], .gf[herbs]\n\n.footnotes[[The cook's notes](https://example.com/)]",
    "## The recipe, in code\n\n```python\ndef serve(guests, pots=2):\n    # one pot feeds a hundred\n"
    '    portions = guests // pots\n    return f"{portions} each"\n```\n\nInline `code` in a sentence.',
    "$$terminal bash\n$$prompt ~/kitchen\nls pantry/<br>\nflour&nbsp;&nbsp;rice&nbsp;&nbsp;salt<br>\n$$prompt ~/kitchen\n$$w",
    "> Cooking for many is cooking for one, many times.\n\n.righthead[quote]\n### .thin[Text classes: .b[bold], .so[struck], .c[mono]]",
]


def sample_steps():
    """The last step of each sample slide, rendered as a deck's slides are."""
    from .rendering import render_slide_text

    return [render_slide_text(source)[0][-1] for source in SAMPLE_SLIDES]
