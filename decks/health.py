"""Deck health: what a speaker should fix before going on stage.

Read from the slides' text alone (two queries: slides and image names), so the
editor and the presenter's start screen can show it on every load.
"""

import math
import re
from dataclasses import dataclass, field

WORDS_PER_MINUTE = 130

_IMAGE_COMMAND = re.compile(r"^(?:@\^\^|@\^|@=|@|~@) (.+)$")
_EMOJI_ROW = re.compile(r"^! (.+)$")
_IMAGE_PATH = re.compile(r"""images/([^"'()<>\s]+)""")
_NOTE = re.compile(r"^\s*Note:")
_SEPARATOR = re.compile(r"^\s*(---|--)\s*$")
_TODO = re.compile(r"\bTODO\b")
_FENCE = re.compile(r"^\s*```")


def image_names(text):
    """File names of the images a slide's shorthand refers to, in order, without repeats."""
    names = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = " ".join(line.split())
        found = []
        if match := _IMAGE_COMMAND.match(line):
            found.append(match[1])
        elif match := _EMOJI_ROW.match(line):
            for item in match[1].split("|"):
                item = item.strip()
                if item:
                    found.append(item if "." in item else f"{item}.svg")
        found.extend(_IMAGE_PATH.findall(line))
        names.extend(name for name in found if name not in names)
    return names


def notes_text(slide):
    """All speaker notes of a slide: the `Note:` blocks inside its source and its last step's notes."""
    parts = []
    in_notes = False
    for line in slide.source.split("\n"):
        if _SEPARATOR.match(line):
            in_notes = False
        elif _NOTE.match(line):
            in_notes = True
            parts.append(line.split("Note:", 1)[1])
        elif in_notes:
            parts.append(line)
    parts.append(slide.notes)
    return "\n".join(part for part in parts if part.strip())


@dataclass
class DeckHealth:
    missing_images: list = field(default_factory=list)
    slides_without_notes: list = field(default_factory=list)
    slides_with_todo: list = field(default_factory=list)
    note_words: int = 0
    target_minutes: int | None = None
    slide_count: int = 0

    @property
    def estimated_minutes(self):
        """Speaking time from the notes, rounded up to whole minutes."""
        return math.ceil(self.note_words / WORDS_PER_MINUTE)

    @property
    def minutes_over_target(self):
        if self.target_minutes is None:
            return None
        return self.estimated_minutes - self.target_minutes

    @property
    def problem_count(self):
        """How many of the checks found something to fix: "3 things to check"."""
        over_target = bool(self.minutes_over_target and self.minutes_over_target > 0)
        return sum(map(bool, [self.missing_images, self.slides_without_notes, self.slides_with_todo, over_target]))

    @property
    def is_healthy(self):
        return not (self.missing_images or self.slides_without_notes or self.slides_with_todo) and not (
            self.minutes_over_target and self.minutes_over_target > 0
        )

    def as_json(self):
        return {
            "missing_images": self.missing_images,
            "slides_without_notes": self.slides_without_notes,
            "slides_with_todo": self.slides_with_todo,
            "note_words": self.note_words,
            "estimated_minutes": self.estimated_minutes,
            "target_minutes": self.target_minutes,
        }


def deck_health(deck, slides=None, asset_names=None, rendered=None):
    """Health of a deck; pass its slides and image names (or its RenderedDeck) when already loaded.

    With a RenderedDeck, missing images are the ones the renderer showed as
    placeholders; without, the image names found in the slides' text.
    """
    slides = list(deck.slides.all()) if slides is None else slides
    if asset_names is None and rendered is None:
        asset_names = set(deck.assets.values_list("name", flat=True))
    health = DeckHealth(target_minutes=deck.target_minutes, slide_count=len(slides))
    if rendered is not None:
        health.missing_images = list(rendered.missing_assets)
    for slide in slides:
        if rendered is None:
            for name in image_names(slide.source):
                if name not in asset_names and name not in health.missing_images:
                    health.missing_images.append(name)
        notes = notes_text(slide)
        if not notes.strip():
            health.slides_without_notes.append(slide.number)
        if _TODO.search(notes):
            health.slides_with_todo.append(slide.number)
        health.note_words += len(notes.split())
    return health
