"""Presenting without the network: the service worker and what each page asks it to keep.

The service worker (static/presenter/service-worker.js) is served from the
site's root, /sw.js, so its scope covers the deck pages, the images under
/decks/ and every page it learns the visitor from. Each deck page passes
`offline_config` (json_script) to static/presenter/offline-readiness.js.

A copy follows access. Every page of the app says who it was served to
(the Talks-Visitor header, talks_site/middleware.py), and the worker drops
what it kept for the owner of a private deck, or from an owner-only page,
when a page says someone else, or nobody: after any logout, an expired
session, a password changed elsewhere. Such a copy also expires
OFFLINE_COPY_MAX_HOURS after it was last refreshed online, or when the role
link it was kept through does. A link's copy goes at its stream's `closed`
event, and any kept page answering 403 or 404 takes its deck's copy with it.
"""

import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from decks.looks import deck_look
from decks.models import Deck


@cache
def _worker_source():
    return Path(finders.find("presenter/service-worker.js")).read_bytes()


@require_GET
def service_worker(request):
    """The service worker script, at a fixed address (a worker cannot be renamed by a deploy)."""
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Browsers check for a new worker on every visit; it must never come from a cache.
    response["Cache-Control"] = "no-cache"
    return response


def offline_config(deck, page, link=None):
    """What a deck page asks the service worker to keep: `page` is "presenter", "projector", "follow" or "controlled".

    The presenter view keeps every page of the deck and prunes what an edit
    or a deploy left behind; the others keep themselves. Whatever the owner
    alone may see (the presenter's notes, a private deck) is forgotten when
    they log out, and expires (at the `link`'s end for a copy kept through a
    role link) unless the page is opened online again before.
    """
    slug = deck.slug
    own_page = {
        "presenter": reverse("presenter:presenter", args=[slug]),
        "projector": reverse("presenter:projector", args=[slug]),
        "follow": reverse("presenter:follow", args=[slug]),
        "controlled": reverse("presenter:controlled", args=[slug]),
    }[page]
    pages = [own_page]
    if page == "presenter":
        pages = [
            own_page,
            reverse("presenter:projector", args=[slug]),
            reverse("presenter:follow", args=[slug]),
            reverse("presenter:controlled", args=[slug]),
            reverse("presenter:live_panel", args=[slug]),
        ]
    look = deck_look(deck)
    forget = page == "presenter" or deck.visibility == Deck.Visibility.PRIVATE
    expires = None
    if forget:
        ends = timezone.now() + datetime.timedelta(hours=settings.OFFLINE_COPY_MAX_HOURS)
        if link is not None:
            ends = min(ends, link.expires)
        expires = int(ends.timestamp() * 1000)
    return {
        "worker": reverse("service_worker"),
        # The deck's own stylesheet and its fonts (a theme's files are static, kept with the pages).
        "look": [url for url in look.stylesheets if url.startswith("/decks/")] + look.fonts,
        "slug": slug,
        "pages": pages,
        "prune": page == "presenter",
        "forget": forget,
        # Milliseconds since the epoch, as the worker's Date.now() counts.
        "expires": expires,
    }
