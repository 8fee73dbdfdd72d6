"""Every change to a deck's content: the editor's, an import's, a restore's, a copy's.

Every change to an existing deck goes through `change_deck`: it locks the deck
row, refuses the change when it was based on an older version than the stored
one, applies it, checks the deck against the limits, bumps the version and
records a revision of the whole deck. Each function here is one kind of change
and returns the new version number.

The limits (settings.DECK_MAX_SLIDES, DECK_TEXT_MAX_BYTES,
SLIDE_MAX_CHARACTERS, SLIDE_MAX_STEPS, DECK_MAX_SHOWN_CHARACTERS, and for the
look STYLESHEET_MAX_BYTES, STYLESHEET_MAX_RULES, DECK_MAX_FONTS and
FONT_MAX_BYTES) are the same for every way in; `check_limits` and
`check_look` are where they are enforced, before anything is committed.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from talks_site.sizes import size_text

from . import fonts, images, revisions, stylesheets
from .models import DESCRIPTION_LENGTH, Asset, Deck, Look, Revision, Slide
from .shorthand import DEFAULT_PROMPT_HOST, gather_notes, join_slide, join_slides, parse_slides, split_slides
from .shorthand.parse import step_count
from .shorthand.sessions import SESSION


class StaleVersion(Exception):
    """The change was based on an older version of the deck than the stored one."""

    def __init__(self, deck, based_on):
        super().__init__(f"Deck {deck.slug} is at version {deck.version}, the change was based on {based_on}.")
        self.deck = deck
        self.based_on = based_on


class EditError(ValueError):
    """A change that cannot be made, with a message for the person who asked."""


class LimitExceeded(EditError):
    """The deck would be larger than a deck may be; the message names the limit."""


class SlugTaken(EditError):
    """Another deck has the slug a new deck was to get."""


def check_slide_count(count):
    limit = settings.DECK_MAX_SLIDES
    if count > limit:
        raise LimitExceeded(f"{count:,} slides is more than the {limit:,} a deck may have")


def check_text_size(size):
    """`size` in bytes of a deck's whole text."""
    limit = settings.DECK_TEXT_MAX_BYTES
    if size > limit:
        raise LimitExceeded(f"the text is larger than {size_text(limit)}")


def check_slide(number, source, notes, prompt_host=DEFAULT_PROMPT_HOST):
    """LimitExceeded if one slide has more characters or build steps than a slide may (steps counted, not built)."""
    characters = len(source) + len(notes)
    limit = settings.SLIDE_MAX_CHARACTERS
    if characters > limit:
        raise LimitExceeded(
            f"slide {number} has {characters:,} characters; a slide may have at most {limit:,} (split it with ---)"
        )
    limit = settings.SLIDE_MAX_STEPS
    # Every build step but the first starts at a `--` or a `KEY-` line, at a
    # `|` of a block of code that steps, or (two at most) at a `$$` command
    # of a terminal session: with fewer of those than the limit, there is no
    # need to count them.
    text = source + notes
    if text.count("-") + text.count("|") + 2 * text.count("$$") + 1 > limit:
        steps = step_count(source, notes, prompt_host)
        if steps > limit:
            raise LimitExceeded(f"slide {number} has {steps:,} build steps; a slide may have at most {limit:,}")


def shown_characters(slide):
    """Characters a ParsedSlide's build steps show in all: each step shows the ones before it again."""
    text = slide.source + slide.notes
    if "-" not in text and "|" not in slide.source and SESSION not in slide.source:
        return len(text)
    return sum(len(step.markdown) + len(step.notes_markdown) for step in slide.steps)


def check_shown_characters(parsed):
    """What the deck's pages carry (every step of every slide) stays within DECK_MAX_SHOWN_CHARACTERS."""
    limit = settings.DECK_MAX_SHOWN_CHARACTERS
    shown = sum(shown_characters(slide) for slide in parsed.slides)
    if shown > limit:
        raise LimitExceeded(
            f"the build steps show {shown:,} characters in all (each step shows the ones before it again), more "
            f"than the {limit:,} a deck may show; use fewer build steps on long slides"
        )


def check_limits(pairs, text=None, prompt_host=DEFAULT_PROMPT_HOST, parsed=None):
    """A deck of these (source, notes) pairs parsed (a shorthand.ParsedDeck), or LimitExceeded past any limit.

    The checks that need no parsing come first, so that a slide of thousands
    of build steps is refused before they are built; then each slide is
    parsed once, and the caller can keep the parse. `text` is the deck's
    whole text and `parsed` its parse when the caller has them already.
    """
    check_slide_count(len(pairs))
    check_text_size(len((join_slides(pairs) if text is None else text).encode("utf-8", "surrogatepass")))
    for number, (source, notes) in enumerate(pairs, start=1):
        check_slide(number, source, notes, prompt_host)
    parsed = parse_slides(pairs, prompt_host) if parsed is None else parsed
    check_shown_characters(parsed)
    return parsed


def check_look(stylesheet, font_count=0):
    """LimitExceeded unless a look with this stylesheet and this many fonts is within the limits."""
    try:
        stylesheets.check_stylesheet(stylesheet)
        fonts.check_count(font_count)
    except (stylesheets.StylesheetRefused, fonts.FontRefused) as refused:
        raise LimitExceeded(str(refused)) from None


def deck_text(slides):
    """The deck as one shorthand text, from its slides (or (source, notes) pairs) in order."""
    return join_slides([slide if isinstance(slide, tuple) else (slide.source, slide.notes) for slide in slides])


def asset_list(deck):
    return [
        {"name": name, "checksum": checksum, "size": size}
        for name, checksum, size in deck.assets.order_by("name").values_list("name", "checksum", "size")
    ]


@dataclass
class DeckSnapshot:
    """A deck's slides as they are, read once for a revision and the checks."""

    slides: list  # Slide rows, in order
    pairs: list  # their (source, notes)
    text: str  # the whole deck as shorthand

    @classmethod
    def of(cls, deck):
        slides = list(deck.slides.order_by("position"))
        pairs = [(slide.source, slide.notes) for slide in slides]
        return cls(slides, pairs, deck_text(pairs))


def record_revision(deck, *, author, summary, check=False, landmark="", snapshot=None):
    """A revision of the deck as it is now (or as `snapshot` read it); with `check`, LimitExceeded if too large.

    `landmark` (a Revision.Landmark) names a point a speaker would look for:
    thinning the history always keeps it (decks/revisions.py).
    """
    snapshot = DeckSnapshot.of(deck) if snapshot is None else snapshot
    if check:
        check_limits(snapshot.pairs, snapshot.text, deck.prompt_host)
    look, stylesheet = Deck.objects.values_list("look", "stylesheet").get(pk=deck.pk)
    if check:
        check_look(stylesheet, deck.assets.fonts().count())
    return Revision.objects.create(
        deck=deck,
        version=deck.version,
        author=author if author and author.is_authenticated else None,
        summary=summary[:200],
        text=snapshot.text,
        assets=asset_list(deck),
        look=look,
        stylesheet=stylesheet,
        landmark=landmark,
    )


@contextmanager
def change_deck(deck, *, based_on, author, summary):
    """Lock the deck, check the version the change was based on, then bump it.

    `based_on` is the whole number the client sent (talks_site.http.version_field
    reads it from a request), or None when it sent none: that is refused as stale.

    Two tabs (or two machines) may save the same deck at the same moment, both
    based on version N. Without the lock both would read N, both would write
    N + 1, and the second would silently overwrite the first. SELECT ... FOR
    UPDATE makes the second save wait until the first commits; it then reads
    N + 1, sees that its change was based on N and is refused with
    StaleVersion, so the editor can show both versions instead of losing one.

    Before the commit, the whole deck is checked against the limits; a change
    that would take it past one raises LimitExceeded and is rolled back.

    Yields a Change: its `deck` is the locked deck, and the body may set its
    `summary` once it knows what it changed, and its `landmark`. On leaving,
    the version goes up by one and a revision of the whole deck is recorded,
    all in the same transaction; now and then the history is thinned too.
    The deck's slides are read once for the checks and the revision, and
    parsed once; the change keeps both (`slides`, `parsed`) for the answer.
    """
    with transaction.atomic():
        locked = Deck.objects.select_for_update().get(pk=deck.pk)
        if based_on != locked.version:
            raise StaleVersion(locked, based_on)
        change = Change(locked, summary)
        yield change
        locked.version += 1
        locked.updated = timezone.now()
        Deck.objects.filter(pk=locked.pk).update(version=locked.version, updated=locked.updated)
        snapshot = DeckSnapshot.of(locked)
        change.parsed = check_limits(snapshot.pairs, snapshot.text, locked.prompt_host)
        change.slides = snapshot.slides
        record_revision(locked, author=author, summary=change.summary, landmark=change.landmark, snapshot=snapshot)
        revisions.thin_after_save(locked)
    deck.version = locked.version
    deck.updated = locked.updated


def record_outside_change(deck, *, author, summary):
    """After rows of a deck were changed directly (the admin): bump the version and record a revision.

    Editors open on the deck then see their next save refused as stale
    instead of overwriting the change unseen.
    """
    with transaction.atomic():
        Deck.objects.filter(pk=deck.pk).update(version=F("version") + 1, updated=timezone.now())
        deck.refresh_from_db(fields=["version", "updated"])
        record_revision(deck, author=author, summary=summary)
    return deck.version


class Change:
    def __init__(self, deck, summary):
        self.deck = deck
        self.summary = summary
        self.landmark = ""
        self.slides = []  # once the change is made: every slide of the deck, in order
        self.parsed = None  # and those slides parsed (a shorthand.ParsedDeck)


@dataclass
class SavedSlides:
    """What a save of slide text leaves: the deck's slides and their parse, and which slides it wrote."""

    version: int
    slides: list  # every slide of the deck, in order
    parsed: object  # shorthand.ParsedDeck of those slides
    changed: list  # the slides the save wrote: one, or several when a `---` split it


def _slide(deck, slide_id):
    try:
        return deck.slides.get(pk=slide_id)
    except (Slide.DoesNotExist, ValueError, TypeError):
        raise EditError("That slide is no longer in the deck.") from None


def save_slide(deck, *, slide_id, source, notes, based_on, author):
    """Save one slide's text as the editor sends it: the shorthand and the notes box. Returns SavedSlides.

    The slide's notes are gathered into the notes (shorthand.gather_notes),
    so a `Note:` typed into the shorthand and the box's text are one notes
    text, both kept. A `---` line typed into it splits it into several
    slides.
    """
    source, notes = gather_notes(source, notes)
    pieces = split_slides(join_slide(source, notes)) if "---" in source else [(source, notes)]
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        slide = _slide(locked, slide_id)
        slide.source, slide.notes = pieces[0]
        slide.save(update_fields=["source", "notes"])
        if len(pieces) > 1:
            locked.slides.filter(position__gt=slide.position).update(position=F("position") + len(pieces) - 1)
            Slide.objects.bulk_create(
                Slide(deck=locked, position=slide.position + offset, source=piece[0], notes=piece[1])
                for offset, piece in enumerate(pieces[1:], start=1)
            )
            change.summary = f"Split slide {slide.number} into {len(pieces)}"
        else:
            change.summary = f"Edited slide {slide.number}"
    changed = change.slides[slide.position : slide.position + len(pieces)]
    return SavedSlides(deck.version, change.slides, change.parsed, changed)


def replace_text(deck, *, text, based_on, author, summary="Edited the whole deck as text"):
    """Replace every slide from one shorthand text, keeping slide rows (and ids) by position. Returns SavedSlides."""
    pieces = split_slides(text)
    with change_deck(deck, based_on=based_on, author=author, summary=summary) as change:
        _replace_slides(change.deck, pieces)
    return SavedSlides(deck.version, change.slides, change.parsed, change.slides)


def _replace_slides(deck, pieces):
    slides = list(deck.slides.order_by("position"))
    changed = []
    for slide, (source, notes) in zip(slides, pieces):
        if (slide.source, slide.notes) != (source, notes):
            slide.source, slide.notes = source, notes
            changed.append(slide)
    Slide.objects.bulk_update(changed, ["source", "notes"])
    if len(pieces) > len(slides):
        Slide.objects.bulk_create(
            Slide(deck=deck, position=position, source=source, notes=notes)
            for position, (source, notes) in enumerate(pieces[len(slides) :], start=len(slides))
        )
    elif len(slides) > len(pieces):
        deck.slides.filter(position__gte=len(pieces)).delete()


def _insert(deck, position, source, notes):
    """A new slide at `position`, the slides from there on moved one down."""
    deck.slides.filter(position__gte=position).update(position=F("position") + 1)
    return Slide.objects.create(deck=deck, position=position, source=source, notes=notes)


def insert_slide(deck, *, position, source, notes, based_on, author):
    """A new slide at `position` (0-based; None or past the end appends), its notes gathered. Returns (version, slide)."""
    source, notes = gather_notes(source, notes)
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        count = locked.slides.count()
        position = count if position is None else max(0, min(int(position), count))
        slide = _insert(locked, position, source, notes)
        change.summary = f"Added slide {slide.number}"
    return deck.version, slide


def duplicate_slide(deck, *, slide_id, based_on, author):
    """A copy of a slide right after it. Returns (version, new slide)."""
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        original = _slide(locked, slide_id)
        slide = _insert(locked, original.position + 1, original.source, original.notes)
        change.summary = f"Duplicated slide {original.number}"
    return deck.version, slide


def delete_slide(deck, *, slide_id, based_on, author):
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        slide = _slide(locked, slide_id)
        slide.delete()
        locked.slides.filter(position__gt=slide.position).update(position=F("position") - 1)
        change.summary = f"Deleted slide {slide.number}"
        change.landmark = Revision.Landmark.DELETED_SLIDE
    return deck.version


def reorder_slides(deck, *, order, based_on, author):
    """Put the slides in the order of `order`, a list of every slide id of the deck."""
    with change_deck(deck, based_on=based_on, author=author, summary="Reordered slides") as change:
        change.landmark = Revision.Landmark.REORDERED
        locked = change.deck
        slides = {slide.pk: slide for slide in locked.slides.all()}
        try:
            order = [int(slide_id) for slide_id in order]
        except (TypeError, ValueError):
            raise EditError("The new order must list slide ids.") from None
        if sorted(order) != sorted(slides):
            raise EditError("The new order must list every slide of the deck once; reload the editor and try again.")
        for position, slide_id in enumerate(order):
            slides[slide_id].position = position
        Slide.objects.bulk_update(slides.values(), ["position"])
    return deck.version


def write_terminal_once(deck, *, first_slide_id, based_on, author):
    """Turn the run of hand-copied terminal slides starting at a slide into one session slide.

    The run is found again in the stored deck (shorthand.hand_copied), so only
    a session that gives back every one of its slides exactly is written.
    Returns (version, the session slide).
    """
    from .shorthand import split_notes
    from .shorthand.hand_copied import find_runs

    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        slides = list(locked.slides.order_by("position"))
        first = _slide(locked, first_slide_id)
        run = next((run for run in find_runs([(s.source, s.notes) for s in slides]) if run.first == first.position), None)
        if run is None:
            raise EditError("Those slides are no longer a terminal typed out by hand; reload the editor and look again.")
        first.source, first.notes = split_notes(run.text)
        first.save(update_fields=["source", "notes"])
        locked.slides.filter(position__gt=run.first, position__lte=run.last).delete()
        locked.slides.filter(position__gt=run.last).update(position=F("position") - (run.slide_count - 1))
        change.summary = f"Wrote slides {run.first + 1}–{run.last + 1} as one terminal session"
    return deck.version, first


def check_asset_name(name):
    """The image policy's name rule, as an EditError for the editor."""
    try:
        return images.check_name(name)
    except images.ImageRefused as refused:
        raise EditError(str(refused)) from None


def put_asset(deck, *, name, content_type, data, based_on, author):
    """Store an image under `name`, replacing one of the same name. Returns (version, asset)."""
    name = check_asset_name(name)
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        asset = locked.assets.filter(name=name).first()
        replaced = asset is not None
        asset = asset or Asset(deck=locked, name=name)
        asset.content_type = content_type
        asset.set_data(data)
        asset.save()
        change.summary = f"{'Replaced' if replaced else 'Added'} image {name}"
    return deck.version, asset


def _asset(deck, asset_id):
    try:
        return deck.assets.defer("data").get(pk=asset_id)
    except (Asset.DoesNotExist, ValueError, TypeError):
        raise EditError("That image is no longer in the deck.") from None


def rename_asset(deck, *, asset_id, name, based_on, author):
    name = check_asset_name(name)
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        asset = _asset(locked, asset_id)
        if asset.name != name and locked.assets.filter(name=name).exists():
            raise EditError(f"The deck already has an image called {name}.")
        old = asset.name
        asset.name = name
        asset.save(update_fields=["name"])
        change.summary = f"Renamed image {old} to {name}"
    return deck.version


def clean_description(description, decorative=False):
    """An image's description as stored: one line of text, within the limit; none for a decorative image."""
    description = images.CONTROL_CHARACTERS.sub("", " ".join(str(description).split()))
    if decorative:
        return ""
    if len(description) > DESCRIPTION_LENGTH:
        raise EditError(f"A description is at most {DESCRIPTION_LENGTH} characters; this one has {len(description):,}.")
    return description


def describe_asset(deck, *, asset_id, description, decorative, based_on, author):
    """Say what an image shows (its alt text everywhere it is drawn), or mark it decorative. Returns the new version."""
    description = clean_description(description, decorative)
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        asset = _asset(change.deck, asset_id)
        if asset.is_font:
            raise EditError("That image is no longer in the deck.")
        asset.description, asset.decorative = description, bool(decorative)
        asset.save(update_fields=["description", "decorative"])
        change.summary = f"Marked image {asset.name} decorative" if decorative else f"Described image {asset.name}"
    return deck.version


def delete_asset(deck, *, asset_id, based_on, author):
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        asset = _asset(locked, asset_id)
        asset.delete()
        change.summary = f"Deleted {'font' if asset.is_font else 'image'} {asset.name}"
    return deck.version


def save_look(deck, *, look, stylesheet, based_on, author):
    """Choose the deck's look (Look) and store its own stylesheet. Returns the new version."""
    if look not in Look.values:
        raise EditError(f"Choose one of the looks: {', '.join(Look.values)}.")
    check_look(stylesheet)
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        changes = []
        if look != locked.look:
            changes.append(f"Chose the look {Look(look).label.split(':')[0]}")
        if stylesheet != locked.stylesheet:
            changes.append("Edited the stylesheet")
        Deck.objects.filter(pk=locked.pk).update(look=look, stylesheet=stylesheet)
        locked.look, locked.stylesheet = look, stylesheet
        change.summary = "; ".join(changes) or "Saved the look unchanged"
    deck.look, deck.stylesheet = look, stylesheet
    return deck.version


def put_font(deck, *, font, based_on, author):
    """Store a checked font (decks.fonts.CheckedFont), replacing one of the same name. Returns (version, asset)."""
    with change_deck(deck, based_on=based_on, author=author, summary="") as change:
        locked = change.deck
        asset = locked.assets.filter(name=font.name).first()
        if asset is not None and not asset.is_font:
            raise EditError(f"The deck has an image called {font.name}.")
        replaced = asset is not None
        asset = asset or Asset(deck=locked, name=font.name)
        asset.content_type = font.content_type
        asset.set_data(font.data)
        asset.save()
        change.summary = f"{'Replaced' if replaced else 'Added'} font {font.name}"
    return deck.version, asset


def restore_revision(deck, *, revision, based_on, author):
    """Make the deck's text and look what they were at `revision`; the restore is a new revision.

    Images and fonts are kept: the revision lists them by checksum but their
    bytes live only in the deck, so those deleted since cannot come back, and
    those added since are not thrown away. A revision recorded before decks
    had a look leaves the look as it is. An image renamed since gets its old name
    back when no other image has taken it.
    """
    pieces = split_slides(revision.text)
    if revision.look:
        check_look(revision.stylesheet)  # the limits of today, which may be lower than when it was saved
    with change_deck(deck, based_on=based_on, author=author, summary=f"Restored version {revision.version}") as change:
        change.landmark = Revision.Landmark.RESTORED
        locked = change.deck
        _replace_slides(locked, pieces)
        if revision.look:
            Deck.objects.filter(pk=locked.pk).update(look=revision.look, stylesheet=revision.stylesheet)
            locked.look, locked.stylesheet = revision.look, revision.stylesheet
        current = {asset.checksum: asset for asset in locked.assets.defer("data")}
        names = {asset.name for asset in current.values()}
        for listed in revision.assets:
            asset = current.get(listed["checksum"])
            if asset and asset.name != listed["name"] and listed["name"] not in names:
                names.discard(asset.name)
                asset.name = listed["name"]
                names.add(asset.name)
                asset.save(update_fields=["name"])
    if revision.look:
        deck.look, deck.stylesheet = revision.look, revision.stylesheet
    return deck.version


def lost_assets(deck, revision):
    """Names of images and fonts a revision had whose bytes the deck no longer holds."""
    checksums = set(deck.assets.values_list("checksum", flat=True))
    return [listed["name"] for listed in revision.assets if listed["checksum"] not in checksums]


def create_deck(*, owner, title):
    """A new private deck with one title slide, and its first revision."""
    title = title.strip()
    with transaction.atomic():
        deck = Deck.objects.create_with_free_slug(title, owner=owner, title=title)
        Slide.objects.create(deck=deck, position=0, source=f"#= {title}", notes="")
        record_revision(deck, author=owner, summary="Created the deck", check=True, landmark=Revision.Landmark.FIRST)
    return deck


def duplicate_deck(deck, *, owner):
    """A private copy of a deck, its slides and its images, for `owner`."""
    title = f"Copy of {deck.title}"[:200]
    with transaction.atomic():
        copy = Deck.objects.create_with_free_slug(
            title,
            owner=owner,
            title=title,
            prompt_host=deck.prompt_host,
            target_minutes=deck.target_minutes,
            typing_speed=deck.typing_speed,
            look=deck.look,
            stylesheet=deck.stylesheet,
        )
        Slide.objects.bulk_create(
            Slide(deck=copy, position=slide.position, source=slide.source, notes=slide.notes)
            for slide in deck.slides.order_by("position")
        )
        Asset.objects.bulk_create(
            Asset(
                deck=copy,
                name=asset.name,
                content_type=asset.content_type,
                data=asset.data,
                display_data=asset.display_data,
                checksum=asset.checksum,
                size=asset.size,
                description=asset.description,
                decorative=asset.decorative,
            )
            for asset in deck.assets.all()
        )
        record_revision(
            copy, author=owner, summary=f"Copied from {deck.title}"[:200], check=True, landmark=Revision.Landmark.FIRST
        )
    return copy


def store_new_deck(
    *, owner, slug, title, pairs, images=(), summary, replace=False, unique_slug=False, parsed=None, descriptions=None,
    look=Look.DEFAULT, stylesheet="", fonts=(),
):  # fmt: skip
    """A new deck at version 1 from (source, notes) pairs, images and a look, with its first revision.

    `fonts` are checked fonts (decks.fonts.CheckedFont) for its own stylesheet.
    `descriptions` maps image names to their (description, decorative).

    `images` have a `load()` that gives a checked image (decks.images.CheckedImage):
    each is loaded, stored and let go before the next, so a deck of many
    large images holds one in memory at a time. A deck with the slug already
    is SlugTaken unless `unique_slug` (then the deck gets a new slug,
    decks.models.new_slug) or `replace` (then it is deleted in the same
    transaction). `parsed` is the pairs' parse (shorthand.parse_slides) when
    the caller has it.
    """
    check_limits(pairs, parsed=parsed)
    fonts = list(fonts)
    check_look(stylesheet, len(fonts))
    with transaction.atomic():
        if unique_slug:
            deck = Deck.objects.create_with_free_slug(slug, owner=owner, title=title, version=1)
        else:
            existing = Deck.objects.select_for_update().filter(slug=slug)
            if existing.exists():
                if not replace:
                    raise SlugTaken(f"a deck with the slug {slug!r} exists already")
                existing.delete()
            try:
                with transaction.atomic():
                    deck = Deck.objects.create(owner=owner, slug=slug, title=title, version=1)
            except IntegrityError:
                raise SlugTaken(f"a deck with the slug {slug!r} was created meanwhile") from None
        Slide.objects.bulk_create(
            Slide(deck=deck, position=position, source=source, notes=notes)
            for position, (source, notes) in enumerate(pairs)
        )
        assets = []
        for image in sorted(images, key=lambda image: image.name):
            checked = image.load()
            asset = Asset(deck=deck, name=checked.name, content_type=checked.content_type)
            asset.description, asset.decorative = (descriptions or {}).get(checked.name, ("", False))
            asset.set_data(checked.data)
            asset.save()
            assets.append({"name": asset.name, "checksum": asset.checksum, "size": asset.size})
            del asset, checked
        for font in sorted(fonts, key=lambda font: font.name):
            asset = Asset(deck=deck, name=font.name, content_type=font.content_type)
            asset.set_data(font.data)
            asset.save()
            assets.append({"name": asset.name, "checksum": asset.checksum, "size": asset.size})
        if look != Look.DEFAULT or stylesheet:
            Deck.objects.filter(pk=deck.pk).update(look=look, stylesheet=stylesheet)
            deck.look, deck.stylesheet = look, stylesheet
        Revision.objects.create(
            deck=deck,
            version=1,
            author=owner,
            summary=summary[: Revision._meta.get_field("summary").max_length],
            text=join_slides(pairs),
            assets=sorted(assets, key=lambda listed: listed["name"]),
            landmark=Revision.Landmark.IMPORTED,
            look=look,
            stylesheet=stylesheet,
        )
    return deck
