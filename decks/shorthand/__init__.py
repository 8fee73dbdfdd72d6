"""The `myslides.txt` slide shorthand (../shared/FORMAT.md) as a library.

Pure functions, no Django requests: parse text into slides and build steps,
render a step to sanitized HTML, cut a deck's text into slides and glue it
back, and convert it to remark.js Markdown.
"""

from .convert import DEFAULT_PROMPT_HOST, Problem, to_remark
from .parse import ParsedDeck, ParsedSlide, ParsedStep, parse, parse_slide, parse_slides
from .render import RenderedStep, render_step
from .sanitize import clean_html
from .slides import gather_notes, join_slide, join_slides, split_notes, split_slides

__all__ = [
    "DEFAULT_PROMPT_HOST",
    "ParsedDeck",
    "ParsedSlide",
    "ParsedStep",
    "Problem",
    "RenderedStep",
    "clean_html",
    "gather_notes",
    "join_slide",
    "join_slides",
    "parse",
    "parse_slide",
    "parse_slides",
    "render_step",
    "split_notes",
    "split_slides",
    "to_remark",
]
