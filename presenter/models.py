from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from decks.models import Deck
from decks.revisions import mark_presented

from . import channels


class PresentationState(models.Model):
    """Where the speaker is in a deck, as followers and remote projectors see it.

    Only the deck's owner changes it. `sequence` increases by one on every
    change, so a follower can tell a newer state from an older one and the
    event stream can use it as the event id.
    """

    class Status(models.TextChoices):
        WAITING = "waiting", "Not started yet"
        LIVE = "live", "Live"
        ENDED = "ended", "Ended"

    deck = models.OneToOneField(Deck, on_delete=models.CASCADE, related_name="presentation", primary_key=True)
    slide = models.PositiveIntegerField(default=0, help_text="Zero-based slide index")
    step = models.PositiveIntegerField(default=0, help_text="Zero-based build step within the slide")
    blackout = models.BooleanField(default=False)
    sequence = models.PositiveBigIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.deck.slug} at {self.slide + 1}.{self.step + 1}"

    @property
    def is_live(self):
        return self.started_at is not None and self.ended_at is None

    @property
    def status(self):
        if self.started_at is None:
            return self.Status.WAITING
        if self.ended_at is not None:
            return self.Status.ENDED
        return self.Status.LIVE

    @property
    def status_label(self):
        return self.Status(self.status).label

    # What the presenter's button that starts sharing says (it is hidden while live).
    START_BUTTON_LABELS = {Status.WAITING: "Go live", Status.LIVE: "Go live", Status.ENDED: "Restart live"}

    @property
    def start_button_label(self):
        return self.START_BUTTON_LABELS[self.status]

    @classmethod
    def labels(cls):
        """The texts above by status, for the scripts that change them as the status changes (via json_script)."""
        return {"status": dict(cls.Status.choices), "start_button": dict(cls.START_BUTTON_LABELS)}

    @classmethod
    def for_deck(cls, deck):
        """The deck's state; an unsaved one at the first slide if it never had one."""
        try:
            return cls.objects.get(deck=deck)
        except cls.DoesNotExist:
            return cls(deck=deck)

    @classmethod
    def current_messages(cls, deck_ids):
        """What followers of each deck are told now, by deck id, in one query (see `for_deck`)."""
        states = {state.deck_id: state for state in cls.objects.filter(deck_id__in=deck_ids)}
        return {deck_id: (states.get(deck_id) or cls(deck_id=deck_id)).as_message() for deck_id in deck_ids}

    @classmethod
    def current_message(cls, deck_id):
        """What followers of the deck are told now: a stream's first event, the GET of the state."""
        return cls.current_messages([deck_id])[deck_id]

    @classmethod
    def change(cls, deck, *, slide=None, step=None, blackout=None, action=None):
        """Moves the deck's presentation and tells every server process, atomically.

        `action` is "start" (go live, clearing an earlier end) or "end". Fields
        left as None keep their value.

        The race: the speaker may drive from two devices at once (laptop keys
        and a phone). The row is locked for the whole transaction, so changes
        are applied one after the other, `sequence` grows by exactly one each
        time, and the NOTIFY sent inside the transaction is delivered only on
        commit, in commit order, which is sequence order. A rolled-back change
        is never announced. Followers keep the highest sequence they have seen
        and ignore anything older, so a state re-read after a reconnect can
        never move them backwards.
        """
        with transaction.atomic():
            state, _ = cls.objects.select_for_update().get_or_create(deck=deck)
            if slide is not None:
                state.slide = slide
            if step is not None:
                state.step = step
            if blackout is not None:
                state.blackout = blackout
            if action == "start":
                state.started_at = timezone.now()
                state.ended_at = None
                mark_presented(deck, state.started_at)
            elif action == "end":
                state.ended_at = timezone.now()
                state.blackout = False
            state.sequence += 1
            state.save()
            state.announce()
        return state

    def clock(self, now=None):
        """The talk clock: Go live and the end, as Unix milliseconds, with the server's time to correct a client's."""

        def ms(moment):
            return None if moment is None else round(moment.timestamp() * 1000)

        return {"startedAt": ms(self.started_at), "endedAt": ms(self.ended_at), "now": ms(now or timezone.now())}

    def as_message(self):
        """What followers are told: small, and the same for everyone."""
        return {
            "deck": self.deck_id,
            "slide": self.slide,
            "step": self.step,
            "blackout": self.blackout,
            "status": str(self.status),
            "sequence": self.sequence,
        }

    def announce(self):
        """Tells every server process about this state once the transaction commits."""
        channels.announce(self.as_message())


class Rehearsal(models.Model):
    """One timed run through a deck: how long the speaker spent on each build step.

    `step_seconds` maps "slide.step" (1-based, as the presenter view counts)
    to seconds; a step visited twice has both visits added. Time paused for
    questions is not in it.
    """

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="rehearsals")
    number = models.PositiveIntegerField(help_text="Run 1, 2, 3… of this deck")
    started = models.DateTimeField()
    finished = models.DateTimeField()
    step_seconds = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["deck", "number"], name="rehearsal_number_unique_in_deck")]

    def __str__(self):
        return f"{self.deck.slug} run {self.number}"

    @property
    def total_seconds(self):
        return sum(self.step_seconds.values())

    def slide_seconds(self, slide_count):
        """Seconds per slide, slides counted from 1 (index 0 is slide 1)."""
        seconds = [0.0] * slide_count
        for key, value in self.step_seconds.items():
            slide = int(key.split(".")[0])
            if 1 <= slide <= slide_count:
                seconds[slide - 1] += value
        return seconds

    @classmethod
    def record(cls, deck, *, started, finished, step_seconds):
        """Stores a finished run as the deck's next number; the deck's row is locked so two runs never share one."""
        with transaction.atomic():
            Deck.objects.select_for_update().filter(pk=deck.pk).get()
            last = cls.objects.filter(deck=deck).aggregate(models.Max("number"))["number__max"] or 0
            return cls.objects.create(
                deck=deck, number=last + 1, started=started, finished=finished, step_seconds=step_seconds
            )


class DeckLinkQuerySet(models.QuerySet):
    def active(self, now=None):
        return self.filter(revoked__isnull=True, expires__gt=now or timezone.now())


class DeckLink(models.Model):
    """A link that lets whoever holds it do one thing with one deck, without signing in.

    Only the SHA-256 of its token is kept: the token itself is shown once,
    when the link is made, and never stored. See presenter/links.py.
    """

    class Role(models.TextChoices):
        REMOTE = "remote", "Remote (drives, sees notes)"
        CO_PRESENTER = "co-presenter", "Co-presenter (drives under their own name)"
        PROJECTOR = "projector", "Projector (venue screen, controlled)"
        VIEWER = "viewer", "Viewer (follows the talk)"

    DRIVING_ROLES = frozenset({Role.REMOTE, Role.CO_PRESENTER})

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="links")
    role = models.CharField(max_length=20, choices=Role)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    label = models.CharField(max_length=80, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    # Set on the viewer link the presenter view shows the room (presenter/links.py:
    # audience_link): its token is derived from this key and SECRET_KEY, so the
    # view can show it again without the token being stored.
    audience_key = models.CharField(max_length=40, blank=True)

    objects = DeckLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"{self.get_role_display()} link to {self.deck_id}: {self.name}"

    @property
    def name(self):
        """How others see whoever uses the link ("Anna's phone")."""
        return self.label or self.Role(self.role).label.split(" (")[0]

    @property
    def can_drive(self):
        return self.role in self.DRIVING_ROLES

    @property
    def needs_control(self):
        """Co-presenters drive only while they hold control; a remote is the speaker's own hand (presenter/remote.py)."""
        return self.role == self.Role.CO_PRESENTER

    def is_active(self, now=None):
        return self.revoked is None and self.expires > (now or timezone.now())

    @property
    def status(self):
        if self.revoked is not None:
            return "revoked"
        return "active" if self.is_active() else "expired"


class DriveControl(models.Model):
    """Who holds control of a deck's presentation now: the speaker (owner and remotes) or one co-presenter link.

    Kept apart from PresentationState so that followers' messages stay the
    same for everyone; changed only while holding the state row's lock
    (presenter/remote.py), so a move and a handoff never interleave.
    """

    deck = models.OneToOneField(Deck, on_delete=models.CASCADE, related_name="drive_control", primary_key=True)
    # None: the speaker drives (the owner's presenter view and remote links).
    driver = models.ForeignKey(DeckLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    locked = models.BooleanField(default=False, help_text="Only the owner may drive or take control.")
    last_move_by = models.CharField(max_length=100, blank=True)
    last_move_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.deck_id} driven by {self.driver_name}"

    @property
    def driver_name(self):
        return self.driver.name if self.driver_id else "Owner"
