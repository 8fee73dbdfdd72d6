"""Deck health: what a speaker should fix before going on stage.

Read from the slides' text and the images' descriptions (two queries:
slides, and the images' names and descriptions; none when the caller has
them), so the editor, each of its saves and the presenter's start screen can
show it. Whether a step's content runs past the slide can only be seen where
it is drawn: the editor measures every step in the browser and reports it
(`record_overflow`); a report counts for as long as the slide's text and the
deck's look are the ones it measured.
"""

import hashlib
import math
import re
from dataclasses import dataclass, field

from .serializers import problem_json
from .shorthand import parse_slides
from .shorthand.queries import notes_text

WORDS_PER_MINUTE = 130

_TODO = re.compile(r"\bTODO\b")


@dataclass
class DeckHealth:
    missing_images: list = field(default_factory=list)
    undescribed_images: list = field(default_factory=list)  # names of images with no description, not decorative
    slides_without_notes: list = field(default_factory=list)
    slides_with_todo: list = field(default_factory=list)
    text_problems: list = field(default_factory=list)  # shorthand.Problem, by line of the deck's text
    overflowing: list = field(default_factory=list)  # OverflowingSlide, by slide
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
        checks = [
            self.missing_images,
            self.undescribed_images,
            self.slides_without_notes,
            self.slides_with_todo,
            self.overflowing,
        ]
        return sum(map(bool, [*checks, over_target]))

    @property
    def is_healthy(self):
        lists = [
            self.missing_images,
            self.undescribed_images,
            self.slides_without_notes,
            self.slides_with_todo,
            self.overflowing,
        ]
        over_target = bool(self.minutes_over_target and self.minutes_over_target > 0)
        return not (any(lists) or self.text_problems or over_target)

    def as_json(self):
        return {
            "missing_images": self.missing_images,
            "undescribed_images": self.undescribed_images,
            "slides_without_notes": self.slides_without_notes,
            "slides_with_todo": self.slides_with_todo,
            "text_problems": [problem_json(problem) for problem in self.text_problems],
            "overflowing": [{"slide": slide.number, "steps": slide.steps} for slide in self.overflowing],
            "note_words": self.note_words,
            "estimated_minutes": self.estimated_minutes,
            "target_minutes": self.target_minutes,
        }


@dataclass(frozen=True)
class OverflowingSlide:
    number: int
    steps: list  # the step numbers whose content runs past the slide


def look_digest(deck):
    """What the deck's look is, for telling whether a measure was taken in it."""
    stylesheet = deck.stylesheet if deck.look == "own" else ""
    return hashlib.sha256(f"{deck.look}\0{stylesheet}".encode()).hexdigest()


def overflow_key(look, source):
    """What a measure of a slide was taken of: its text, in the deck's look (`look_digest`)."""
    return hashlib.sha256(f"{look}\0{source}".encode()).hexdigest()[:32]


def overflowing_steps(slide, look):
    """The steps of `slide` its last measure saw run past the slide, if that measure is still of this slide."""
    measured = slide.overflow if isinstance(slide.overflow, dict) else {}
    if measured.get("key") != overflow_key(look, slide.source):
        return []
    return list(measured.get("steps") or [])


def record_overflow(deck, reports):
    """Keeps each report {"id", "key", "steps"} of a slide of `deck` whose key is the slide's current one.

    A report of a slide since changed, or measured in another look, is
    dropped: the editor measures again after each save. Returns how many were kept.
    """
    look = look_digest(deck)
    by_id = {report["id"]: report for report in reports}
    changed = []
    for slide in deck.slides.filter(pk__in=by_id):
        report = by_id[slide.pk]
        if report["key"] != overflow_key(look, slide.source):
            continue
        measured = {"key": report["key"], "steps": sorted(set(report["steps"]))}
        if slide.overflow != measured:
            slide.overflow = measured
            changed.append(slide)
    from .models import Slide

    Slide.objects.bulk_update(changed, ["overflow"])
    return len(changed)


def deck_health(deck, slides=None, asset_names=None, rendered=None, parsed=None, images=None):
    """Health of a deck; pass what is already loaded: its slides, image names, RenderedDeck or ParsedDeck, images.

    With a RenderedDeck, missing images are the ones the renderer showed as
    placeholders; without, the image names the parse found that the deck
    lacks. The text is parsed only when neither is given.
    """
    slides = list(deck.slides.all()) if slides is None else slides
    if images is None:
        # One query for both: the image names, and which of them say nothing yet.
        rows = list(deck.assets.images().values_list("name", "description", "decorative"))
        undescribed = [name for name, description, decorative in rows if not (decorative or description.strip())]
        if asset_names is None:
            asset_names = {name for name, _, _ in rows}
    else:
        undescribed = [image.name for image in images if not image.is_described]
    if asset_names is None and rendered is None:
        asset_names = set(deck.assets.images().values_list("name", flat=True))
    if parsed is None and rendered is None:
        parsed = parse_slides([(slide.source, slide.notes) for slide in slides], deck.prompt_host)
    health = DeckHealth(target_minutes=deck.target_minutes, slide_count=len(slides))
    health.undescribed_images = undescribed
    if rendered is not None:
        health.missing_images = list(rendered.missing_assets)
        health.text_problems = list(rendered.problems)
    else:
        health.missing_images = [name for name in parsed.image_names if name not in asset_names]
        health.text_problems = list(parsed.problems)
    look = look_digest(deck)
    for slide in slides:
        steps = overflowing_steps(slide, look)
        if steps:
            health.overflowing.append(OverflowingSlide(slide.number, steps))
        notes = notes_text(slide.source, slide.notes)
        if not notes.strip():
            health.slides_without_notes.append(slide.number)
        if _TODO.search(notes):
            health.slides_with_todo.append(slide.number)
        health.note_words += len(notes.split())
    return health
