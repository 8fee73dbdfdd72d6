"""The allowlist every piece of rendered deck HTML passes through (nh3).

Deck text may hold raw HTML, so what the shorthand renders is cleaned on the
server: only the tags and attributes below survive, `<script>` and `<style>`
go with their content, links keep http(s)/mailto and relative addresses only,
inline `style` keeps only the CSS properties below (none of which loads a
URL). Every `<img>` either points at one of the deck's own images or becomes
a visible placeholder naming the missing file, so a slide never asks for an
address the deck did not provide.
"""

import functools
import html
import re
from urllib.parse import unquote

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strike", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "tt", "u", "ul", "var", "wbr",
    # Made-up tags the decks style: terminals (FORMAT.md §4.3) and hand-coloured code.
    "ps", "dr", "w", "c", "r", "l", "o", "d", "g",
}  # fmt: skip

ALLOWED_ATTRIBUTES = {
    "*": {"class", "style", "title", "lang", "dir", "align"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
}

ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

ALLOWED_CSS_PROPERTIES = {
    "color", "background-color", "opacity",
    "font", "font-family", "font-size", "font-style", "font-variant", "font-weight",
    "letter-spacing", "line-height", "text-align", "text-decoration", "text-indent", "text-transform",
    "vertical-align", "white-space", "word-spacing",
    "display", "width", "height", "min-width", "min-height", "max-width", "max-height",
    "margin", "margin-top", "margin-right", "margin-bottom", "margin-left",
    "padding", "padding-top", "padding-right", "padding-bottom", "padding-left",
    "border", "border-color", "border-style", "border-width", "border-radius",
    "border-top", "border-right", "border-bottom", "border-left",
    "float", "clear", "list-style", "list-style-type",
}  # fmt: skip

IMAGE_FOLDER = "images/"
MISSING_IMAGE_CLASS = "missing-image"
_IMG_TAG = re.compile(r"<img\b([^>]*)>")
# The sanitizer's parser drops a `<g>` element with its text (it is an SVG
# name); the decks use it as one more made-up colour tag, so it becomes a
# span of class `g` first.
_G_TAG = re.compile(r"<(/?)g(?=[\s/>])", re.IGNORECASE)
_SRC = re.compile(r'(?<=\s)src="([^"]*)"')
_ALT = re.compile(r'\salt="[^"]*"')


def image_name(src):
    """The deck image an address names (`images/F` -> `F`), or None."""
    src = src.strip()
    if src.startswith("./"):
        src = src[2:]
    if not src.startswith(IMAGE_FOLDER) or len(src) == len(IMAGE_FOLDER):
        return None
    return unquote(src[len(IMAGE_FOLDER) :])


def missing_image(name, extra_class=""):
    classes = f"{MISSING_IMAGE_CLASS} {extra_class}".strip()
    return f'<span class="{classes}" title="Missing image">{html.escape(name)}</span>'


class ImageURLs(dict):
    """A deck's {image name: URL}, hashable so that cleaned HTML can be cached per deck state.

    `alts` maps image names to the alt text their images are drawn with (the
    image's description, or "" for a decorative one).
    """

    def __init__(self, urls=(), alts=None):
        super().__init__(urls)
        self.alts = dict(alts or {})

    def __hash__(self):
        if not hasattr(self, "_hash"):
            self._hash = hash((frozenset(self.items()), frozenset(self.alts.items())))
        return self._hash

    def __eq__(self, other):
        return self is other or (dict.__eq__(self, other) and self.alts == getattr(other, "alts", {}))

    def __setitem__(self, key, value):
        raise TypeError("ImageURLs is read-only")


def clean_html(fragment, image_urls, missing=None):
    """Sanitized `fragment`; `image_urls` maps a deck image name to its URL.

    Names of deck images the fragment shows but `image_urls` lacks are
    appended to `missing` when given.
    """
    if not isinstance(image_urls, ImageURLs):
        image_urls = ImageURLs(image_urls)
    cleaned, missing_names = _clean(fragment, image_urls)
    if missing is not None:
        missing.extend(missing_names)
    return cleaned


CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    filter_style_properties=ALLOWED_CSS_PROPERTIES,
    link_rel="noopener noreferrer",
)


@functools.lru_cache(maxsize=4096)
def _clean(fragment, image_urls):
    # remark dropped empty paragraphs, such as the ones `$$end` and a
    # multi-line `.name[…]` leave behind.
    fragment = _G_TAG.sub(lambda match: "</span" if match.group(1) else '<span class="g"', fragment)
    cleaned = CLEANER.clean(fragment).replace("<p></p>", "")
    missing = []

    def resolve(match):
        # nh3 writes attributes one way only (double quotes, `"` escaped),
        # so its output can be read with a regular expression.
        tag = match.group(0)
        src = _SRC.search(tag)
        value = html.unescape(src.group(1)) if src else ""
        name = image_name(value) if src else None
        url = image_urls.get(name) if name is not None else None
        if url:
            return _with_alt(f"{tag[: src.start(1)]}{html.escape(url)}{tag[src.end(1) :]}", name, image_urls.alts)
        if name is not None:
            missing.append(name)
        return missing_image(name if name is not None else value or "(no file name)")

    return _IMG_TAG.sub(resolve, cleaned), tuple(missing)


def _with_alt(tag, name, alts):
    """An image tag with the alt text its image's description gives it.

    An image not yet described keeps the text the shorthand gave it, or
    else is named by its file name, so that none is drawn without an alt.
    """
    alt = alts.get(name)
    if alt is None:
        if _ALT.search(tag):
            return tag
        alt = re.sub(r"[-_]+", " ", name.rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip()
    tag = _ALT.sub("", tag)
    closing = "/>" if tag.endswith("/>") else ">"
    return f'{tag[: -len(closing)]} alt="{html.escape(alt)}"{closing}'
