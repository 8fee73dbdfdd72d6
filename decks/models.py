import hashlib

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from .shorthand import DEFAULT_PROMPT_HOST


# Paths under /decks/ that are pages, not decks.
RESERVED_SLUGS = frozenset({"import", "new"})
SLUG_MAX_LENGTH = 100
# The ending of a new deck's slug: lower-case letters and digits that cannot
# be mistaken for one another when typed from a screen (no 0/o, 1/l/i).
SLUG_ENDING_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SLUG_ENDING_LENGTH = 5


def slug_for(hint):
    """A deck slug made from a title or file name (never a reserved page path)."""
    slug = slugify(hint)[:SLUG_MAX_LENGTH].strip("-_") or "deck"
    return f"{slug}-deck" if slug in RESERVED_SLUGS else slug


def new_slug(hint):
    """`slug_for(hint)` with a random ending: deployment-talk-k3x9q.

    Slugs are unique across the site, and a private deck answers 404 to all
    but its owner. Were the ending added only when the plain slug is taken
    (deployment-talk-2), the slug a speaker gets would tell them that
    someone's private deck holds the plain one; with an ending every time it
    tells nothing, and an unlisted deck's address cannot be guessed from
    its title either.
    """
    base = slug_for(hint)[: SLUG_MAX_LENGTH - SLUG_ENDING_LENGTH - 1].rstrip("-_")
    return f"{base}-{get_random_string(SLUG_ENDING_LENGTH, SLUG_ENDING_ALPHABET)}"


class DeckQuerySet(models.QuerySet):
    def create_with_free_slug(self, hint, **fields):
        """A new deck under a slug no deck has, made from `hint` by `new_slug`.

        Should the random ending collide (or two requests draw the same one
        at the same moment), the unique index refuses it and another is drawn.
        """
        for _ in range(10):
            try:
                with transaction.atomic():
                    return self.create(slug=new_slug(hint), **fields)
            except IntegrityError:
                continue
        raise IntegrityError(f"No free slug for {hint!r} after 10 tries")

    def public(self):
        return self.filter(visibility=Deck.Visibility.PUBLIC)

    def visible_to(self, user):
        """Decks a user may view: their own, and anyone's unlisted or public ones.

        Unlisted decks are reachable by link only; listing pages use public().
        """
        shared = Q(visibility__in=[Deck.Visibility.UNLISTED, Deck.Visibility.PUBLIC])
        if user.is_authenticated:
            return self.filter(shared | Q(owner=user))
        return self.filter(shared)


class Look(models.TextChoices):
    """How a deck's slides are drawn: one of the built-in themes (static/looks/), or its own stylesheet."""

    DEFAULT = "default", "Classic: white, PT Sans"
    DARK = "dark", "Dark: light text on charcoal"
    CONTRAST = "contrast", "High contrast: black on white, large and bold"
    PAPER = "paper", "Paper: serif on warm paper"
    OWN = "own", "The deck's own stylesheet"


class Deck(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private (only you)"
        UNLISTED = "unlisted", "Unlisted (anyone with the link)"
        PUBLIC = "public", "Public (listed on the site)"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="decks")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=SLUG_MAX_LENGTH, unique=True)
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.PRIVATE)
    # `$$prompt` shows this host name; decks imported from the shorthand get
    # the one their original audience saw.
    prompt_host = models.CharField(max_length=40, default=DEFAULT_PROMPT_HOST)
    target_minutes = models.PositiveIntegerField(null=True, blank=True, help_text="Planned length of the talk.")

    class TypingSpeed(models.IntegerChoices):
        OFF = 0, "Off: show each command typed at once"
        SLOW = 8, "Slow (8 letters a second)"
        PERSON = 16, "As a person types (16 letters a second)"
        FAST = 40, "Fast (40 letters a second)"

    # How the projector types out a command of a terminal session ($$session).
    typing_speed = models.PositiveSmallIntegerField(
        choices=TypingSpeed,
        default=TypingSpeed.PERSON,
        help_text=(
            "How fast the projector types out each command of a terminal session. The presenter view, the "
            "followers' phones and anyone who asks for reduced motion see it typed at once."
        ),
    )
    look = models.CharField(max_length=20, choices=Look, default=Look.DEFAULT)
    # Kept when a built-in theme is chosen, so choosing "own" again brings it back.
    # Its url()s name the deck's assets as a talk folder holds them: fonts/NAME, images/NAME.
    stylesheet = models.TextField(blank=True)
    # Increases by one on every change to the deck, its slides or its assets;
    # editors send the version they started from so stale saves are refused.
    version = models.PositiveIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = DeckQuerySet.as_manager()

    class Meta:
        ordering = ["-updated"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("presenter:projector", args=[self.slug])

    def is_owned_by(self, user):
        return user.is_authenticated and user.pk == self.owner_id

    def render(self):
        """Every slide and build step as the projector shows it (decks.rendering.RenderedDeck)."""
        from .rendering import render_deck

        return render_deck(self)


class Slide(models.Model):
    """One `---`-separated slide of a deck.

    `source` is the slide's shorthand exactly as written, including any `--`
    build steps and the `Note:` blocks of every step but the last; `notes` is
    the text of the last step's `Note:` block (what follows `Note:`). Joined
    back together they give the original text, so nothing is lost.
    """

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="slides")
    position = models.PositiveIntegerField()
    source = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # The steps a browser saw run past the 16:9 slide, as drawn (decks/health.py):
    # {"key": what was measured, "steps": [step numbers]}; a changed slide or look makes it stale.
    overflow = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["deck", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["deck", "position"], name="slide_position_unique_in_deck", deferrable=models.Deferrable.DEFERRED
            )
        ]

    def __str__(self):
        return f"{self.deck.slug} #{self.number}"

    @property
    def number(self):
        return self.position + 1


class AssetQuerySet(models.QuerySet):
    def images(self):
        return self.exclude(content_type__startswith="font/")

    def fonts(self):
        return self.filter(content_type__startswith="font/")


DESCRIPTION_LENGTH = 500


class Asset(models.Model):
    """An image or a font of a deck, stored in the database with it.

    Platforms with an ephemeral disk wipe uploaded files on every deploy; a
    deck's images live and travel with the deck instead.
    """

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="assets")
    name = models.CharField(max_length=200, help_text="File name as the deck refers to it, e.g. footer.svg")
    content_type = models.CharField(max_length=100)
    data = models.BinaryField()
    # What the slides show of an image larger than the display box (see
    # decks.images.display_copy); empty when the original fits.
    display_data = models.BinaryField(null=True, blank=True, editable=False)
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the bytes, hex")
    size = models.PositiveIntegerField()
    # What the image shows, for those who cannot see it: the alt text of every
    # <img> drawn from it. A decorative image says nothing (alt="").
    description = models.CharField(max_length=DESCRIPTION_LENGTH, blank=True)
    decorative = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = AssetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["deck", "name"], name="asset_name_unique_in_deck")]

    def __str__(self):
        return self.name

    def set_data(self, data):
        """Stores `data` (content_type set first) and the display copy the slides show of it."""
        from .images import display_copy

        self.data = bytes(data)
        self.size = len(self.data)
        self.checksum = hashlib.sha256(self.data).hexdigest()
        self.display_data = display_copy(self.data, self.content_type)

    def shown_bytes(self):
        """What the slides show: the display copy, or the original where it fits."""
        shown = Asset.objects.filter(pk=self.pk).values_list(Coalesce("display_data", "data"), flat=True).get()
        return bytes(shown)

    @property
    def is_described(self):
        return self.decorative or bool(self.description.strip())

    @property
    def alt_text(self):
        """The image's alt text; None when it has none yet (the shorthand's own text then stands)."""
        if self.decorative:
            return ""
        return self.description.strip() or None

    @property
    def is_font(self):
        return self.content_type.startswith("font/")

    def get_absolute_url(self):
        view = "decks:font" if self.is_font else "decks:asset"
        return reverse(view, args=[self.deck.slug, self.checksum[:16], self.name])

    def get_original_url(self):
        """The file as it was uploaded, for its owner to download."""
        return reverse("decks:asset_original", args=[self.deck.slug, self.checksum[:16], self.name])


class Revision(models.Model):
    """A snapshot of a whole deck, recorded on every save.

    Old ones are thinned out (decks/revisions.py), except the points a
    speaker would name: a `landmark` (the first version, an import, a
    restore, a deleted slide, a reorder) and a version that was presented.
    """

    class Landmark(models.TextChoices):
        FIRST = "first", "the deck's first version"
        IMPORTED = "imported", "imported"
        RESTORED = "restored", "a restore"
        DELETED_SLIDE = "deleted-slide", "a deleted slide"
        REORDERED = "reordered", "a reorder"

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    summary = models.CharField(max_length=200, blank=True)
    text = models.TextField(help_text="The deck as shorthand.")
    # [{"name": ..., "checksum": ..., "size": ...}, ...], images and fonts
    assets = models.JSONField(default=list)
    look = models.CharField(max_length=20, blank=True)
    stylesheet = models.TextField(blank=True)
    landmark = models.CharField(max_length=20, choices=Landmark, blank=True, default="")
    presented_at = models.DateTimeField(null=True, blank=True, help_text="When the talk went live at this version.")

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["deck", "version"], name="revision_version_unique_in_deck")]

    def __str__(self):
        return f"{self.deck.slug} v{self.version}"
