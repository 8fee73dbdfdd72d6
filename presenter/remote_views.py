"""Role links, the phone remote, handoff and the pointer (see presenter/links.py and presenter/remote.py)."""

import json

import segno
from django import forms
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from decks.access import get_deck_for_owner
from decks.models import Deck
from talks_site.request_bodies import LINK_EXCHANGE, body_limit

from .links import deck_access, driver_access, json_refusals, landing_url, make_link, open_link, revoke_link
from .live import Role
from .models import DeckLink, PresentationState
from .remote import MoveRefused, control_message, control_state, hand_control, point, take_control
from .views import presenting_context


def _posted(request):
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST


@body_limit(LINK_EXCHANGE)
@never_cache
@require_http_methods(["GET", "POST"])
def exchange_link(request):
    """/l/#TOKEN: the page reads the token from the fragment and posts it here.

    The answer names the role's page; the script replaces this page's history
    entry with it, so the token is left nowhere.
    """
    if request.method == "GET":
        return render(request, "presenter/open_link.html")
    link = open_link(request, _posted(request).get("token"))
    if link is None:
        return JsonResponse(
            {"error": "This link does not work: it was revoked, it has expired, or it was mistyped."}, status=404
        )
    return JsonResponse({"url": landing_url(link)})


@never_cache
@require_GET
def remote(request, slug):
    """The phone remote: two big buttons, notes, next step, timer, blackout, pointer."""
    access = deck_access(request, slug, "remote", Deck.objects.select_related("owner"))
    deck = access.deck
    context = presenting_context(deck)
    state = PresentationState.for_deck(deck)
    context["remote_config"] = {
        "state": state.as_message(),
        "clock": state.clock(),
        "clockUrl": reverse("presenter:live_clock", args=[slug]),
        "control": control_message(control_state(deck.pk)),
        "linkId": access.link_id,
        # The owner's and a remote link's moves always go through; a co-presenter's only while it holds control.
        "needsControl": bool(access.active_link and access.active_link.needs_control),
        # Whom a co-presenter can hand control to (as of opening the page).
        "drivers": [{"id": "owner", "name": "Owner"}]
        + [
            {"id": str(link.pk), "name": link.name}
            for link in deck.links.active().filter(role=DeckLink.Role.CO_PRESENTER).order_by("created")
            if link.pk != access.link_id
        ],
        "name": access.name,
        "stateUrl": reverse("presenter:live_state", args=[slug]),
        "eventsUrl": reverse("presenter:live_events", args=[slug]) + f"?role={Role.REMOTE}",
        "controlUrl": reverse("presenter:live_control", args=[slug]),
        "pointerUrl": reverse("presenter:live_pointer", args=[slug]),
        "heartbeatSeconds": settings.LIVE_HEARTBEAT_SECONDS,
    }
    return render(request, "presenter/remote.html", context)


class ControlForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("take", "hand", "lock", "unlock")])
    # "owner", or the id of a remote or co-presenter link.
    to = forms.CharField(required=False)


@never_cache
@require_POST
@json_refusals
def live_control(request, slug):
    """Take control, hand it to another driver, or (owner) lock it to yourself."""
    access = driver_access(request, slug)
    form = ControlForm(_posted(request))
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    action, to = form.cleaned_data["action"], form.cleaned_data["to"]
    try:
        if action == "take":
            control = take_control(access)
        elif action == "hand":
            to_id = None if to in ("", "owner") else _int_or_none(to)
            if to not in ("", "owner") and to_id is None:
                return JsonResponse({"errors": {"to": ["Hand control to 'owner' or a link's id."]}}, status=400)
            control = hand_control(access, to_id)
        elif not access.is_owner:
            return JsonResponse({"error": "Only the owner locks driving.", "code": "not_owner"}, status=403)
        else:
            control = take_control(access, lock=action == "lock")
    except MoveRefused as refused:
        return JsonResponse(refused.as_json(), status=refused.status)
    return JsonResponse(control_message(control))


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _fraction(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError
    return round(float(value), 4)


@never_cache
@require_POST
@json_refusals
def live_pointer(request, slug):
    """The pointer at (x, y) on the slide, as fractions of its width and height; {"x": null} hides it."""
    access = driver_access(request, slug)
    data = _posted(request)
    try:
        if data.get("x") is None:
            x = y = None
        else:
            x, y = _fraction(data.get("x")), _fraction(data.get("y"))
    except ValueError:
        return JsonResponse({"errors": {"__all__": ["x and y are numbers from 0 to 1, or x is null."]}}, status=400)
    try:
        point(access, x=x, y=y)
    except MoveRefused as refused:
        return JsonResponse(refused.as_json(), status=refused.status)
    return JsonResponse({"x": x, "y": y})


# The owner's management of links, in the presenter view.


class LinkForm(forms.Form):
    role = forms.ChoiceField(choices=DeckLink.Role.choices)
    label = forms.CharField(required=False, max_length=80)
    hours = forms.IntegerField(required=False, min_value=1, max_value=24 * 31)


SHOWN_LINKS = 6


def _qr_svg(url):
    return mark_safe(segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff", omitsize=True))


def _links_panel(request, deck, *, form=None, made=None, status=200):
    made_url = request.build_absolute_uri(made.path) if made else None
    # What fits the dialog without scrolling: the newest links, those that work first.
    newest = list(deck.links.order_by("-created")[:50])
    links = sorted(newest, key=lambda link: not link.is_active())[:SHOWN_LINKS]
    context = {
        "deck": deck,
        "links": links,
        "older_links": deck.links.count() - len(links),
        "form": form or LinkForm(initial={"role": DeckLink.Role.REMOTE}),
        "made": made,
        "made_url": made_url,
        "made_qr": _qr_svg(made_url) if made else None,
        "control": control_state(deck.pk),
        # Who drives can change from elsewhere only once a co-presenter link exists.
        "has_drivers": deck.links.active().filter(role=DeckLink.Role.CO_PRESENTER).exists(),
        "events_url": reverse("presenter:live_events", args=[deck.slug]) + f"?role={Role.PRESENTER}",
    }
    return render(request, "presenter/_role_links.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def links(request, slug):
    """GET: the owner's links and who drives. POST: make a link; the answer shows its URL and QR code once."""
    deck = get_deck_for_owner(request, slug)
    if request.method == "GET":
        return _links_panel(request, deck)
    form = LinkForm(request.POST)
    if not form.is_valid():
        return _links_panel(request, deck, form=form, status=400)
    made = make_link(
        deck,
        role=form.cleaned_data["role"],
        created_by=request.user,
        label=form.cleaned_data["label"] or "",
        hours=form.cleaned_data["hours"],
    )
    return _links_panel(request, deck, made=made)


@never_cache
@require_POST
def revoke(request, slug, link_id):
    deck = get_deck_for_owner(request, slug)
    revoke_link(get_object_or_404(DeckLink, deck=deck, pk=link_id))
    return _links_panel(request, deck)

