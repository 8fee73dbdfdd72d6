"""Stored decks rendered for the projector, presenter, editor and exports.

Everything here goes through the shorthand library (decks/shorthand), so a
slide looks the same in every view. Images point at the deck's own assets
(decks:asset); an image the deck names but lacks renders as a placeholder
(`<span class="missing-image">name</span>`) and is listed in
`missing_assets`.
"""

import re
from dataclasses import dataclass, field

from .shorthand import DEFAULT_PROMPT_HOST, parse_slide, parse_slides
from .shorthand.render import render_steps
from .shorthand.sanitize import ImageURLs


@dataclass
class RenderedSlide:
    number: int  # 1-based
    source: str
    notes: str
    steps: list  # of shorthand.RenderedStep: .classes, .html, .notes_html, .background_url, .missing_images
    problems: list = field(default_factory=list)  # line numbers count from the slide's first line


@dataclass
class RenderedDeck:
    slides: list
    missing_assets: list  # sorted names of images the deck shows but does not have
    problems: list = field(default_factory=list)  # line numbers count in the deck's whole text

    @property
    def step_count(self):
        return sum(len(slide.steps) for slide in self.slides)


_EMPTY_TERMINAL_BODY = '<p class="shell-body"></p>'
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")
_BLOCK_TAGS = {"div", "pre", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "dl", "figure"}


def terminal_lines_in_body(html):
    """A terminal's lines inside its `.shell-body`, where remark's page had them.

    The shorthand's `$$terminal` opens `<p class="shell-body">` and leaves it
    open; remark's page kept the terminal's lines inside it (the decks'
    stylesheets give it the terminal's font, colour and height), while the
    renderer closes it at once and makes the lines paragraphs after it. The
    lines move back in, up to the end of the terminal or the first block
    that a paragraph cannot hold.
    """
    start = html.find(_EMPTY_TERMINAL_BODY)
    while start != -1:
        body_end = start + len(_EMPTY_TERMINAL_BODY) - len("</p>")
        depth, cut = 0, None
        for match in _TAG.finditer(html, body_end + len("</p>")):
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name == "div" and closing and depth == 0 or (not closing and name in _BLOCK_TAGS):
                cut = match.start()
                break
            if name == "div":
                depth += -1 if closing else 1
        if cut is None:
            cut = len(html)
        inside = re.sub(r"</?p\b[^>]*>", "", html[body_end + len("</p>") : cut])
        html = html[:body_end] + inside.rstrip("\n") + "</p>\n" + html[cut:]
        start = html.find(_EMPTY_TERMINAL_BODY, body_end)
    return html


def with_terminal_bodies(steps):
    """`steps` (shorthand.RenderedStep), each with its terminal's lines inside the terminal's body."""
    for step in steps:
        if _EMPTY_TERMINAL_BODY in step.html:
            step.html = terminal_lines_in_body(step.html)
    return steps


def image_urls(assets):
    """{name: URL} for Asset objects (or names mapped to Assets or to URLs), with the images' alt texts."""
    if hasattr(assets, "items"):
        pairs = list(assets.items())
    else:
        pairs = [(asset.name, asset) for asset in assets]
    urls = {name: value if isinstance(value, str) else value.get_absolute_url() for name, value in pairs}
    # An image's description is its alt text wherever it is drawn.
    alts = {name: value.alt_text for name, value in pairs if getattr(value, "alt_text", None) is not None}
    return ImageURLs(urls, alts)


def render_deck(deck):
    """Every slide and build step of a stored deck. Two queries: assets and slides."""
    urls = image_urls(deck.assets.images().defer("data"))
    slides = list(deck.slides.all())
    return render_parsed(parse_slides([(slide.source, slide.notes) for slide in slides], deck.prompt_host), urls)


def render_parsed(parsed, urls):
    """A ParsedDeck (shorthand.parse_slides) rendered with the deck's image URLs (image_urls)."""
    rendered, missing = [], set()
    for slide in parsed.slides:
        steps = with_terminal_bodies(render_steps(slide.steps, urls))
        missing.update(name for step in steps for name in step.missing_images)
        rendered.append(
            RenderedSlide(
                number=slide.number, source=slide.source, notes=slide.notes, steps=steps, problems=slide.problems
            )
        )
    return RenderedDeck(slides=rendered, missing_assets=sorted(missing), problems=list(parsed.problems))


def render_slide_text(source, notes="", assets_by_name=None, prompt_host=DEFAULT_PROMPT_HOST):
    """Preview of one slide's unsaved text: (steps, problems).

    `assets_by_name` maps image names to Asset objects or URLs. Problems
    (`.line`, `.message`) count lines in the slide's text: the source first,
    then the `Note:` line and the notes. The slide renders as far as it can
    even when there are problems.
    """
    parsed = parse_slide(source, notes, prompt_host)
    urls = image_urls(assets_by_name or {})
    return with_terminal_bodies(render_steps(parsed.steps, urls)), parsed.problems
