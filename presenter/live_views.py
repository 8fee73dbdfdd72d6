"""Live presenting over the network: state, event stream, follow and share pages.

The speaker's presenter view posts every move to the state endpoint; followers'
phones and remote projectors receive it from the event stream (server-sent
events), or poll the state endpoint where a stream cannot be opened.
"""

import dataclasses

import segno
from asgiref.sync import sync_to_async
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from decks.access import get_deck_for_owner, get_deck_for_viewer, keep_private_unless_public
from decks.models import Deck
from talks_site.http import BadRequest, json_endpoint, read_json

from .channels import control_event, followers_event, state_event, stream_closed_event
from .live import REFUSED_RETRY_SECONDS, Reader, Role, StreamClosed, get_broadcaster, read_database
from .links import audience_link, deck_access, driver_access, json_refusals, shown_audience_link
from .models import DeckLink, PresentationState
from .offline import offline_config
from .remote import MoveRefused, control_message, control_state, move
from .stream_requests import connection_send
from .views import presenting_context

# Far more build steps than any slide has; a bound keeps typos out of the state.
MAX_STEP = 999


class StateChangeForm(forms.Form):
    """A move of the presentation, as posted by the presenter view (JSON or form data)."""

    slide = forms.IntegerField(required=False, min_value=0)
    step = forms.IntegerField(required=False, min_value=0, max_value=MAX_STEP)
    blackout = forms.NullBooleanField(required=False)
    action = forms.ChoiceField(required=False, choices=[("", "move"), ("start", "start"), ("end", "end")])
    # The sequence of the state the move was made from; if the talk has moved
    # since, the move is refused (see presenter/remote.py).
    from_sequence = forms.IntegerField(required=False, min_value=0)

    def __init__(self, *args, slide_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.slide_count = slide_count

    def clean_slide(self):
        slide = self.cleaned_data["slide"]
        if slide is not None and slide >= max(self.slide_count, 1):
            raise forms.ValidationError(f"This deck has {self.slide_count} slides; slides count from 0.")
        return slide

    def change(self, access):
        data = self.cleaned_data
        return move(
            access,
            slide=data["slide"],
            step=data["step"],
            blackout=data["blackout"],
            action=data["action"] or None,
            from_sequence=data["from_sequence"],
        )


@never_cache
@require_http_methods(["GET", "POST"])
@json_endpoint
@json_refusals
def live_state(request, slug):
    """GET: the current state, for anyone who may view the deck. POST: move it, drivers only.

    A driver is the owner or the holder of a remote or co-presenter link; of
    them, only the one holding control moves (presenter/remote.py).
    """
    if request.method == "GET":
        deck = deck_access(request, slug, "live").deck
        return JsonResponse(PresentationState.current_message(deck.pk))
    access = driver_access(request, slug)
    try:
        data = read_json(request) if request.content_type == "application/json" else request.POST
        for key, value in data.items():
            if isinstance(value, (list, dict)):
                raise BadRequest(f"“{key}” must be a single value, not a list or an object.")
    except BadRequest as error:
        return JsonResponse({"errors": {"__all__": [str(error)]}}, status=400)
    form = StateChangeForm(data, slide_count=access.deck.slides.count())
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    try:
        state = form.change(access)
    except MoveRefused as refused:
        return JsonResponse(refused.as_json(), status=refused.status)
    if form.cleaned_data["action"] == "start" and access.is_owner and access.deck.visibility == Deck.Visibility.PRIVATE:
        # The room's phones need a link to follow a private deck: going live makes it (or keeps the one there is).
        audience_link(access.deck, created_by=request.user)
    return JsonResponse(state.as_message())


@never_cache
@require_GET
def live_clock(request, slug):
    """The talk clock (PresentationState.clock), for the presenter views and remotes of one talk."""
    deck = deck_access(request, slug, "live").deck
    return JsonResponse(PresentationState.for_deck(deck).clock())


def _stream_role(request, access):
    role = request.GET.get("role", Role.FOLLOWER)
    if role not in Role.ALL:
        role = Role.FOLLOWER
    if role == Role.PRESENTER and not access.is_owner:
        raise PermissionDenied("Only the deck's owner sees the presenter's stream.")
    if role == Role.REMOTE and not access.can_drive:
        raise PermissionDenied("Only the deck's drivers see the remote's stream.")
    return role


def _last_event_id(request):
    try:
        return int(request.headers.get("Last-Event-ID", ""))
    except ValueError:
        return -1


@never_cache
@require_GET
async def live_events(request, slug):
    """The deck's state as server-sent events: the current state first, then every change.

    `Last-Event-ID` (the sequence the browser saw last) is honoured: states
    at or below it are never sent again, except the current one that opens
    every stream, so a reconnect always lands on the right slide.

    Past the caps on open streams (per worker, per browser session) the
    answer is a 503 with Retry-After and a sentence the page shows.
    """
    broadcaster = get_broadcaster()
    # A full worker answers before touching the database.
    refusal = broadcaster.refusal()
    if refusal is None:
        opened = await sync_to_async(_open_stream)(request, slug)
        refusal = broadcaster.refusal(opened.session_key)
    if refusal is not None:
        response = JsonResponse({"error": refusal, "code": "busy", "retryAfter": REFUSED_RETRY_SECONDS}, status=503)
        response["Retry-After"] = str(REFUSED_RETRY_SECONDS)
        return response
    response = StreamingHttpResponse(_event_stream(opened, _last_event_id(request)), content_type="text/event-stream")
    # Routers and proxies must pass each event on at once.
    response["X-Accel-Buffering"] = "no"
    return response


@dataclasses.dataclass(frozen=True)
class OpenedStream:
    deck_id: int
    role: str
    reader: str
    # A role link's stream: (link id, expiry as a Unix time); it ends when the link is revoked or expires.
    link: tuple | None
    session_key: str | None


def _open_stream(request, slug):
    try:
        access = deck_access(request, slug, "live")
        if access.is_owner:
            reader = Reader.OWNER
        elif access.active_link:
            reader = Reader.LINK
        else:
            reader = Reader.VISITOR
        link = (access.link.pk, access.link.expires.timestamp()) if access.active_link else None
        # Read once the session has been loaded, so a made-up session cookie counts as none.
        session_key = request.session.session_key
        return OpenedStream(access.deck.pk, _stream_role(request, access), reader, link, session_key)
    finally:
        # An open stream holds no database connection: hand it back to the pool.
        connections.close_all()


async def _event_stream(opened, last_event_id):
    deck_id, role = opened.deck_id, opened.role
    broadcaster = get_broadcaster()
    await broadcaster.ready()
    subscription = broadcaster.subscribe(deck_id, role, opened.link, opened.reader, opened.session_key)
    try:
        # Subscribed before reading: a change committed after this read is
        # in the subscription, one committed before it is in the state read.
        message, closed = await read_database(_opening, opened)
        sent = max(message["sequence"], last_event_id)
        retry = settings.LIVE_RETRY_MILLISECONDS
        yield f"retry: {retry}\n".encode() + state_event(message)
        if role == Role.PRESENTER:
            yield followers_event(broadcaster.total_followers(deck_id))
        if role in (Role.PRESENTER, Role.REMOTE):
            yield control_event(await read_database(_current_control, deck_id))
        if closed is not None:
            # The link was revoked, or the deck made private, between the
            # check that opened the stream and the subscription.
            yield stream_closed_event(closed)
            return
        send = connection_send.get()
        if send is not None:
            # Every later event goes straight to the connection.
            await subscription.write_directly(send, sent)
            return
        while True:
            sequence, event = await subscription.get()
            if not isinstance(sequence, int):
                # A heartbeat, a follower count, who drives, the pointer.
                yield event
            elif sequence > sent:
                sent = sequence
                yield event
    except StreamClosed:
        return
    finally:
        broadcaster.unsubscribe(subscription)


def _opening(opened):
    """The current state, and why the stream must close at once (or None)."""
    message = PresentationState.current_message(opened.deck_id)
    if opened.link is not None:
        link = DeckLink.objects.filter(pk=opened.link[0]).first()
        if link is None or not link.is_active():
            return message, "revoked"
    elif opened.reader == Reader.VISITOR and not Deck.objects.filter(pk=opened.deck_id).exclude(
        visibility=Deck.Visibility.PRIVATE
    ).exists():
        return message, "private"
    return message, None


def _current_control(deck_id):
    return control_message(control_state(deck_id))


def _follow_url(request, deck):
    return request.build_absolute_uri(reverse("follow_short", args=[deck.slug]))


def _qr_svg(url):
    qr = segno.make(url, error="m")
    return mark_safe(qr.svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True))


def _live_page(request, slug, template, mode):
    page = "follow" if mode == Role.FOLLOWER else "controlled"
    access = deck_access(request, slug, page, Deck.objects.select_related("owner"))
    deck = access.deck
    context = presenting_context(deck)
    state = PresentationState.for_deck(deck)
    context.update(
        state=state,
        live_config={
            "mode": mode,
            "state": state.as_message(),
            "stateUrl": reverse("presenter:live_state", args=[deck.slug]),
            "eventsUrl": reverse("presenter:live_events", args=[deck.slug]) + f"?role={mode}",
            "heartbeatSeconds": settings.LIVE_HEARTBEAT_SECONDS,
        },
        offline=offline_config(deck, "controlled" if mode == Role.PROJECTOR else "follow", link=access.active_link),
    )
    return render(request, template, context)


@never_cache
@require_GET
def follow(request, slug):
    """The audience's phone view: the speaker's current slide, live, and nothing else."""
    return _live_page(request, slug, "presenter/follow.html", Role.FOLLOWER)


@never_cache
@require_GET
def controlled_projector(request, slug):
    """A projector that shows what the speaker drives from elsewhere, not local keys."""
    return _live_page(request, slug, "presenter/follow_projector.html", Role.PROJECTOR)


@require_GET
def share(request, slug):
    """A page to put on screen: the QR code and short link of the follow view."""
    deck = get_deck_for_viewer(request, slug)
    url = _follow_url(request, deck)
    # A private deck (only its owner sees this page) is followed through its audience link, once it is live.
    audience = _audience(request, deck, PresentationState.for_deck(deck)) if deck.visibility == Deck.Visibility.PRIVATE else None
    if audience is not None and audience.url:
        url = audience.url
    context = {
        "deck": deck,
        "follow_url": url,
        "qr_svg": _qr_svg(url),
        "is_owner": deck.is_owned_by(request.user),
        "audience": audience,
    }
    return keep_private_unless_public(render(request, "presenter/share.html", context), deck)


@never_cache
@require_GET
def live_panel(request, slug):
    """The presenter view's live panel: followers, connection, QR code. Owner only.

    The presenter page includes templates/presenter/_live_panel.html, whose
    script fetches this fragment, so that page needs no live context of its own.
    """
    deck = get_deck_for_owner(request, slug)
    state = PresentationState.for_deck(deck)
    audience = _audience(request, deck, state)
    return render(
        request,
        "presenter/_live_panel_body.html",
        {
            "deck": deck,
            "audience": audience,
            "qr_svg": _qr_svg(audience.url) if audience.url else None,
            "state": state,
            "clock": state.clock(),
        },
    )


@dataclasses.dataclass(frozen=True)
class Audience:
    """The link the presenter view shows the room, and who can open it."""

    url: str | None
    who: str
    # The same in a few words, for the panel under the slides.
    who_short: str = ""
    link: DeckLink | None = None

    @property
    def short(self):
        return self.who_short or self.who


def _audience(request, deck, state):
    if deck.visibility == Deck.Visibility.PUBLIC:
        return Audience(_follow_url(request, deck), "Anyone: the deck is public.")
    if deck.visibility == Deck.Visibility.UNLISTED:
        return Audience(_follow_url(request, deck), "Anyone with this link: the deck is unlisted.")
    # Private: the follow URL answers "No such deck" to everyone but the owner; the room gets a viewer link.
    shown = audience_link(deck, created_by=request.user) if state.is_live else shown_audience_link(deck)
    if shown is None:
        return Audience(None, "The deck is private: going live makes a link for the room.", "Private deck: going live makes a link for the room.")
    until = date_format(timezone.localtime(shown.link.expires), "D j M H:i")
    return Audience(
        request.build_absolute_uri(shown.path),
        f"Anyone with this link or its QR code, until {until}: they follow the live slides only. The deck stays private.",
        f"Anyone with it, until {until}. The deck stays private.",
        shown.link,
    )


def follow_short(request, slug):
    """The short link people type from the screen: /f/<slug>."""
    return redirect("presenter:follow", slug=slug)
