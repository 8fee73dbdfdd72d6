"""What a deck's pages load to draw its slides in its look.

A deck's look (Deck.look) is one of the built-in themes, each a plain
stylesheet in static/, or its own stylesheet (Deck.stylesheet), drawn on
remark's page (static/looks/remark.css) as the decks' stylesheets were
written. Every page that draws slides links, in order: looks/guard.css (what
no look can change), then the theme, or the deck's stylesheet compiled by
decks/stylesheets.py (served as its own file under an address that changes
with its content, so it can be cached for good) and remark.css after it.
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
THEME_FILES = {
    Look.DEFAULT: "presenter/theme.css",
    Look.DARK: "looks/dark.css",
    Look.CONTRAST: "looks/contrast.css",
    Look.PAPER: "looks/paper.css",
}
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
        return DeckLook(deck.look, [static(GUARD), static(THEME_FILES.get(deck.look, THEME_FILES[Look.DEFAULT]))])
    compiled = compiled_stylesheet(deck)
    sheets = [static(GUARD)]
    if compiled.css:
        sheets.append(stylesheet_url(deck, compiled))
    # After the deck's own: remark's base won where the two were as specific (looks/remark.css).
    sheets.append(static(REMARK_BASE))
    return DeckLook(deck.look, sheets, font_urls(compiled.css), compiled.warnings)


def theme_stylesheets(look):
    """The stylesheets of a built-in theme, for the theme page."""
    return [static(GUARD), static(THEME_FILES[look])]
