"""A deck's history that does not grow without end: which revisions are kept, and thinning out the rest.

Every save records a revision of the whole deck (decks/domain.py), one every
few seconds while a speaker types. Kept of them:

* every revision of the last hour;
* older than that, the last of each ten minutes, for a day;
* older than a day, the last of each hour, for a week;
* older than a week, the last of each day.

And always, whatever their age, the points a speaker would name: a
landmark (the deck's first version, an import, a restore, a deleted slide,
a reorder), the version just before a restore, a deleted slide or a reorder
(what it changed), every version that was presented live, and the current
one.

The periods are fixed in time (UTC), not counted back from now, so the last
revision of a ten minutes stays the last of them: thinning again keeps what
thinning once kept, and the revisions left are still whole decks, each one
restorable.

When it runs: on a save, every THIN_EVERY_VERSIONS versions, under the lock
the save holds anyway, so a deck being edited never holds much more than
its last hour; and from `manage.py thin_revisions`, for a platform's
scheduler, which catches up decks that stopped being edited with an hour of
saves in them.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Subquery
from django.utils import timezone
from django.utils.dateformat import format as format_date

from .models import Revision

KEEP_ALL_FOR = timedelta(hours=1)


@dataclass(frozen=True)
class Period:
    """Revisions older than `after` keep one per `every`: the last of it."""

    after: timedelta
    every: timedelta
    name: str


PERIODS = (
    Period(KEEP_ALL_FOR, timedelta(minutes=10), "ten minutes"),
    Period(timedelta(days=1), timedelta(hours=1), "hour"),
    Period(timedelta(days=7), timedelta(days=1), "day"),
)
THIN_EVERY_VERSIONS = 50
# What the revision of these changes does not hold any more is in the one before it.
_KEEPS_THE_ONE_BEFORE = {Revision.Landmark.RESTORED, Revision.Landmark.DELETED_SLIDE, Revision.Landmark.REORDERED}
# The fields the rules read; the text is not among them.
FIELDS = ("pk", "version", "created", "summary", "landmark", "presented_at")


@dataclass(frozen=True)
class Keeping:
    """Why a revision is kept: `always`, or for now by its age and place."""

    reason: str
    always: bool


def keeping(rows, now=None):
    """{pk: Keeping, or None for a revision the next thinning removes} for a deck's revisions, oldest first.

    `rows` are Revision objects, or anything with the attributes in FIELDS.
    """
    now = now or timezone.now()
    result = {}
    for index, row in enumerate(rows):
        following = rows[index + 1] if index + 1 < len(rows) else None
        result[row.pk] = _keeping(row, following, now)
    return result


def _keeping(row, following, now):
    if row.landmark:
        return Keeping(Revision.Landmark(row.landmark).label, always=True)
    if row.presented_at:
        return Keeping(f"presented {_when(row.presented_at)}", always=True)
    if following is None:
        return Keeping("the current version", always=True)
    if following.landmark in _KEEPS_THE_ONE_BEFORE:
        return Keeping(f"as it was before version {following.version} ({following.summary})", always=True)
    age = now - row.created
    if age <= KEEP_ALL_FOR:
        return Keeping("every save of the last hour", always=False)
    period = next(period for period in reversed(PERIODS) if age > period.after)
    if _period_of(following.created, period) != _period_of(row.created, period):
        return Keeping(f"the last save of its {period.name}", always=False)
    return None


def _period_of(moment, period):
    return int(moment.timestamp() // period.every.total_seconds())


def _when(moment):
    return format_date(timezone.localtime(moment), "j M Y, H:i")


def thin(deck, now=None):
    """Deletes the revisions of `deck` that `keeping` no longer keeps; returns how many went.

    Call it with the deck row locked (domain.change_deck holds the lock), so
    that no save records a revision while the rules read the list.
    """
    rows = list(Revision.objects.filter(deck=deck).order_by("version").values_list(*FIELDS, named=True))
    gone = [pk for pk, kept in keeping(rows, now).items() if kept is None]
    for start in range(0, len(gone), 1000):
        Revision.objects.filter(pk__in=gone[start : start + 1000]).delete()
    return len(gone)


def thin_after_save(deck):
    """Thins the deck's history now and then as it is saved (every THIN_EVERY_VERSIONS versions)."""
    if deck.version % THIN_EVERY_VERSIONS == 0:
        thin(deck)


def mark_presented(deck, when=None):
    """Keeps the deck's current version for good: the one its audience saw when the talk went live.

    A version presented twice keeps the time it was first presented.
    """
    latest = Revision.objects.filter(deck=deck).order_by("-version").values("pk")[:1]
    Revision.objects.filter(pk__in=Subquery(latest), presented_at__isnull=True).update(
        presented_at=when or timezone.now()
    )
