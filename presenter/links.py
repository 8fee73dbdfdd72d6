"""Role links: one deck, one role, no account needed.

The owner makes a link (from the presenter view or `manage.py deck_link`, both
through `make_link`); whoever opens it gets a session scoped to that deck and
role (`open_link`); every later request of that session is checked against
the link again (`deck_access`), so revoking or expiring a link stops it at
once. Open event streams of the link are closed too (presenter/live.py).

The token is random (144 bits) and travels in the URL's fragment
(/l/#TOKEN), which browsers never send to a server: it is in no access log.
The exchange page posts it, then replaces its own history entry with the
role's page, so it is not in the history or the address bar either. Only its
SHA-256 is stored.
"""

import base64
import datetime
import functools
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from decks.access import ROLE_LINKS_SESSION_KEY, session_link_id
from decks.models import Deck
from talks_site.http import log_refusal

from .channels import announce
from .models import DeckLink, DriveControl
from .remote import set_driver

TOKEN_BYTES = 18
SESSION_KEY = ROLE_LINKS_SESSION_KEY  # decks/access.py reads it to serve the deck's files
MAX_HOURS = 24 * 31

# The pages each role's link opens, besides the live state and its stream.
LINK_PAGES = {
    DeckLink.Role.REMOTE: {"remote"},
    DeckLink.Role.CO_PRESENTER: {"remote"},
    DeckLink.Role.PROJECTOR: {"controlled"},
    DeckLink.Role.VIEWER: {"follow"},
}
# The page a link lands on once its token is exchanged.
LANDING_PAGE = {
    DeckLink.Role.REMOTE: "presenter:remote",
    DeckLink.Role.CO_PRESENTER: "presenter:remote",
    DeckLink.Role.PROJECTOR: "presenter:controlled",
    DeckLink.Role.VIEWER: "presenter:follow",
}
# Pages anyone who may view the deck opens without a link.
OPEN_PAGES = {"follow", "controlled", "live"}


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def default_expiry(now=None):
    """The end of the day after tomorrow, in the site's time zone."""
    today = timezone.localtime(now).date()
    return timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=3), datetime.time.min))


@dataclass(frozen=True)
class MadeLink:
    link: DeckLink
    token: str

    @property
    def path(self):
        return link_path(self.token)


def link_path(token):
    return f"{reverse('open_link')}#{token}"


def make_link(deck, *, role, created_by, label="", hours=None, now=None):
    """A new link to `deck` for `role`; its token is in the result and nowhere else."""
    if role not in DeckLink.Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(DeckLink.Role.values)}.")
    if hours is not None and not 0 < hours <= MAX_HOURS:
        raise ValueError(f"A link lasts between 1 and {MAX_HOURS} hours.")
    now = now or timezone.now()
    expires = now + datetime.timedelta(hours=hours) if hours else default_expiry(now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = DeckLink.objects.create(
        deck=deck, role=role, created_by=created_by, label=label.strip()[:80], expires=expires, token_hash=hash_token(token)
    )
    return MadeLink(link, token)


AUDIENCE_LABEL = "Audience"


def _audience_token(key):
    digest = salted_hmac("presenter.links.audience_link", key).digest()[:TOKEN_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def shown_audience_link(deck, now=None):
    """The working audience link of a private deck, token and all, or None if there is none."""
    for link in deck.links.active(now).filter(role=DeckLink.Role.VIEWER).exclude(audience_key="")[:5]:
        token = _audience_token(link.audience_key)
        # A changed SECRET_KEY makes another token: that link cannot be shown again.
        if hash_token(token) == link.token_hash:
            return MadeLink(link, token)
    return None


def audience_link(deck, *, created_by, now=None):
    """The viewer link a private deck's presenter view shows the room: the working one, or a new one.

    Followers of a private deck need a link; it is shown on the projector and
    in the presenter view, and made again (not kept) for every view of them.
    """
    with transaction.atomic():
        # Two windows going live at once make one link, not two.
        Deck.objects.select_for_update().filter(pk=deck.pk).get()
        shown = shown_audience_link(deck, now)
        if shown is not None:
            return shown
        key = secrets.token_urlsafe(TOKEN_BYTES)
        token = _audience_token(key)
        now = now or timezone.now()
        link = DeckLink.objects.create(
            deck=deck,
            role=DeckLink.Role.VIEWER,
            created_by=created_by,
            label=AUDIENCE_LABEL,
            expires=default_expiry(now),
            token_hash=hash_token(token),
            audience_key=key,
        )
        return MadeLink(link, token)


def revoke_link(link):
    """Stops a link now: its sessions, its open streams, and its control of the talk."""
    with transaction.atomic():
        link = DeckLink.objects.select_for_update().get(pk=link.pk)
        if link.revoked is None:
            link.revoked = timezone.now()
            link.save(update_fields=["revoked"])
        control = DriveControl.objects.filter(deck_id=link.deck_id, driver=link).first()
        if control is not None:
            set_driver(link.deck, None, locked=control.locked)
        announce({"kind": "revoke", "deck": link.deck_id, "link": link.pk})
    return link


def open_link(request, token):
    """Exchanges a token for this session's access to its deck; the link, or None if it does not work."""
    if not isinstance(token, str) or not token or len(token) > 100:
        return None
    link = DeckLink.objects.select_related("deck").filter(token_hash=hash_token(token)).first()
    if link is None or not link.is_active():
        return None
    links = dict(request.session.get(SESSION_KEY, {}))
    links[str(link.deck_id)] = link.pk
    # A session key someone planted beforehand must not gain the link's rights.
    request.session.cycle_key()
    request.session[SESSION_KEY] = links
    DeckLink.objects.filter(pk=link.pk).update(last_used=timezone.now())
    return link


def landing_url(link):
    return reverse(LANDING_PAGE[link.role], args=[link.deck.slug])


@dataclass
class Access:
    """Who is asking about one deck: its owner, a link's holder, or anyone else."""

    deck: Deck
    is_owner: bool
    link: DeckLink | None  # the session's link to this deck, working or not

    @property
    def active_link(self):
        return self.link if self.link is not None and self.link.is_active() else None

    @property
    def can_drive(self):
        return self.is_owner or (self.active_link is not None and self.link.can_drive)

    @property
    def name(self):
        """How a move of this person shows in the presenter view."""
        if self.is_owner:
            return "Owner"
        return self.link.name if self.link is not None else "Someone"

    @property
    def link_id(self):
        return None if self.is_owner or self.link is None else self.link.pk

    def link_opens(self, page):
        link = self.active_link
        return link is not None and (page == "live" or page in LINK_PAGES[link.role])


def session_link(request, deck):
    link_id = session_link_id(request, deck)
    if link_id is None:
        return None
    return DeckLink.objects.filter(pk=link_id, deck=deck).first()


def deck_access(request, slug, page, queryset=None):
    """The deck and who is asking, if they may open `page`; else 404 (or 403 where the deck is visible).

    Pages: "follow", "controlled", "live" (state and stream), "remote".
    """
    queryset = Deck.objects.all() if queryset is None else queryset
    deck = get_object_or_404(queryset, slug=slug)
    is_owner = deck.is_owned_by(request.user)
    access = Access(deck, is_owner, None if is_owner else session_link(request, deck))
    visible = is_owner or deck.visibility != Deck.Visibility.PRIVATE
    if is_owner or (visible and page in OPEN_PAGES) or access.link_opens(page):
        return access
    if visible:
        raise PermissionDenied("Only the deck's owner and its remote links can do that.")
    raise Http404("No such deck.")


def json_refusals(view):
    """Drivers' endpoints answer a refusal in JSON, so the remote can show why, and log it as one line."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refused:
            log_refusal(request, 403, str(refused))
            return JsonResponse({"error": str(refused), "code": "forbidden"}, status=403)

    return wrapped


def driver_access(request, slug, queryset=None):
    """The deck and who is asking, if they may drive it; 403 (or 404 for a hidden deck) otherwise."""
    queryset = Deck.objects.all() if queryset is None else queryset
    deck = get_object_or_404(queryset, slug=slug)
    is_owner = deck.is_owned_by(request.user)
    access = Access(deck, is_owner, None if is_owner else session_link(request, deck))
    if access.can_drive:
        return access
    if access.link is not None:
        if access.active_link is None:
            raise PermissionDenied(f"This link {'was revoked' if access.link.revoked else 'has expired'}.")
        raise PermissionDenied("This link cannot drive the talk.")
    if deck.visibility == Deck.Visibility.PRIVATE:
        raise Http404("No such deck.")
    raise PermissionDenied("Only the deck's owner can do that.")
