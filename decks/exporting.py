"""Giving a deck back out: shorthand text, remark.js Markdown, JSON, or a zip.

* text: the shorthand; importing it gives back the same slides and notes.
* remark: what the original converter made of the text (FORMAT.md), except
  that language keys match whole words only (§4.2).
* json: the rendered deck, a contract other tools rely on:
  {"slug", "title", "missing_assets": [names],
   "slides": [{"number", "source", "notes",
               "steps": [{"classes": [str], "html": str, "notes_html": str}]}]}
* zip: the text as myslides.txt plus images/, their descriptions in
  image-descriptions.json ({name: {"description", "decorative"}}), and its look: the deck's own
  stylesheet as style.css with its fonts in fonts/ (its url()s name them so),
  and look.txt naming a built-in theme when the deck uses one; importable as
  it is, to the same look.
"""

import io
import json
import zipfile
from dataclasses import dataclass

from .importing import DESCRIPTIONS_FILE, IMAGE_FOLDER, TEXT_FILE_NAME
from .look_import import LOOK_FILE, STYLESHEET_FILE
from .models import Look
from .stylesheets import FONT_FOLDER
from .rendering import render_deck
from .serializers import step_json
from .shorthand import join_slides, to_remark

FORMATS = ("text", "remark", "json", "zip")
_ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the same deck always zips to the same bytes


@dataclass
class Export:
    content: bytes
    content_type: str
    file_name: str


def deck_text(deck):
    return join_slides(deck.slides.values_list("source", "notes"))


def deck_remark(deck):
    return to_remark(deck_text(deck), deck.prompt_host)


def deck_json(deck):
    """The JSON contract as Python data."""
    rendered = render_deck(deck)
    return {
        "slug": deck.slug,
        "title": deck.title,
        "missing_assets": rendered.missing_assets,
        "slides": [
            {
                "number": slide.number,
                "source": slide.source,
                "notes": slide.notes,
                "steps": [step_json(step) for step in slide.steps],
            }
            for slide in rendered.slides
        ],
    }


def deck_zip(deck):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, f"{deck.slug}/{TEXT_FILE_NAME}", deck_text(deck).encode())
        descriptions = {}
        for asset in deck.assets.all():
            folder = FONT_FOLDER if asset.is_font else IMAGE_FOLDER
            _add(archive, f"{deck.slug}/{folder}/{asset.name}", bytes(asset.data))
            if not asset.is_font and asset.is_described:
                descriptions[asset.name] = {"description": asset.description, "decorative": asset.decorative}
        if descriptions:
            content = json.dumps(descriptions, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            _add(archive, f"{deck.slug}/{DESCRIPTIONS_FILE}", content.encode())
        if deck.stylesheet:
            _add(archive, f"{deck.slug}/{STYLESHEET_FILE}", deck.stylesheet.encode())
        if deck.look not in (Look.OWN, Look.DEFAULT) or (deck.look == Look.DEFAULT and deck.stylesheet):
            _add(archive, f"{deck.slug}/{LOOK_FILE}", f"{deck.look}\n".encode())
    return buffer.getvalue()


def _add(archive, name, data):
    entry = zipfile.ZipInfo(name, date_time=_ZIP_TIMESTAMP)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    archive.writestr(entry, data)


def export_deck(deck, format):
    """An Export of `deck` in one of FORMATS (ValueError for any other)."""
    if format == "text":
        return Export(deck_text(deck).encode(), "text/plain; charset=utf-8", f"{deck.slug}.txt")
    if format == "remark":
        return Export(deck_remark(deck).encode(), "text/markdown; charset=utf-8", f"{deck.slug}.md")
    if format == "json":
        content = json.dumps(deck_json(deck), ensure_ascii=False, indent=2) + "\n"
        return Export(content.encode(), "application/json", f"{deck.slug}.json")
    if format == "zip":
        return Export(deck_zip(deck), "application/zip", f"{deck.slug}.zip")
    raise ValueError(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
