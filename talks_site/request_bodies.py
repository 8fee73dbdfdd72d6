"""Request bodies: refused over their endpoint's limit before they are read, parsed only after the CSRF check.

Django's ASGI handler reads a request's whole body (to a temporary file once
it passes FILE_UPLOAD_MAX_MEMORY_SIZE) before the first middleware runs, so
anyone could make a worker write hundreds of megabytes to disk before being
told no. Hence three parts, in the order a request meets them:

* `BodyLimitMiddleware` wraps the ASGI application (talks_site/asgi.py). It
  finds the limit of the endpoint a request is for, never reads a body whose
  Content-Length is over it, and stops reading a chunked one as soon as it
  has passed it. Django gets the request with no body (or the part within
  the limit) and marked refused. A GET's body is never read at all.
* `RefuseLargeBodiesMiddleware`, a Django middleware before the CSRF check,
  answers a request so marked 413 with the endpoint's message (and, under
  Django's WSGI handler, such as the test client's, one whose Content-Length
  is over the limit).
* Django's CSRF check then runs before anything parses the body: a token
  sent in the X-CSRFToken header is checked without it
  (`BeforeCsrfCheckMiddleware`, `AfterCsrfCheckMiddleware`).

Each class of endpoint has its limit in settings: JSON_REQUEST_MAX_BYTES
(the JSON endpoints, and every form), LINK_EXCHANGE_REQUEST_MAX_BYTES and
UPLOAD_REQUEST_MAX_BYTES; a view takes one other than the first with
`@body_limit(...)`.
"""

import asyncio
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict
from django.utils.deprecation import MiddlewareMixin

from .failures import message_response, read_body
from .http import log_refusal

MiB = 1024 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Set in the ASGI scope of a request whose body was refused unread.
REFUSED = "talks.body_refused"
# After refusing a body, the server goes on reading (and dropping) it for a
# moment before the connection closes: a connection closed with unread bytes
# is reset, and a client still sending would lose the answer.
LINGER_SECONDS = 2
LINGER_MAX_BYTES = 16 * MiB


def size_text(size: int) -> str:
    """4 KiB, 5 MiB, 1.5 MiB: a limit as people read it."""
    if size >= MiB:
        return f"{size // MiB} MiB" if size % MiB == 0 else f"{size / MiB:.3g} MiB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size:,} bytes"


@dataclass(frozen=True)
class BodyLimit:
    """The most a class of endpoint reads of a request's body (a setting), and what it says past it."""

    setting: str
    refusal: str  # with {limit}, {deck_file} and {image}

    @property
    def bytes(self) -> int:
        return getattr(settings, self.setting)

    def message(self) -> str:
        return self.refusal.format(
            limit=size_text(self.bytes),
            deck_file=size_text(settings.DECK_UPLOAD_MAX_BYTES),
            image=size_text(settings.ASSET_MAX_BYTES),
        )


JSON_REQUESTS = BodyLimit(
    "JSON_REQUEST_MAX_BYTES",
    "The request is larger than the {limit} the server reads; nothing was changed. "
    "Split the deck's text, or import a large deck as a file.",
)
LINK_EXCHANGE = BodyLimit(
    "LINK_EXCHANGE_REQUEST_MAX_BYTES",
    "The request is larger than the {limit} the server reads; nothing was changed. "
    "A link is opened with its token alone.",
)
UPLOADS = BodyLimit(
    "UPLOAD_REQUEST_MAX_BYTES",
    "The upload is larger than the {limit} the server reads; nothing was changed. "
    "A deck file may be at most {deck_file} and an image {image}.",
)


def body_limit(limit: BodyLimit):
    """Gives a view's requests `limit` instead of JSON_REQUESTS."""

    def decorate(view):
        view.body_limit = limit
        return view

    return decorate


def limit_of(view) -> BodyLimit:
    return getattr(view, "body_limit", JSON_REQUESTS)


def limit_for_path(path: str) -> BodyLimit:
    """The limit of the view that answers `path` (JSON_REQUESTS where none does)."""
    try:
        return limit_of(resolve(path).func)
    except Resolver404:
        return JSON_REQUESTS


def _path_info(scope):
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root) :] if root and path.startswith(root) else path


def _declared_length(headers):
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class _LimitedBody:
    """One request's body as the application may read it: nothing past the limit of its endpoint."""

    def __init__(self, scope, receive):
        self.scope = dict(scope)
        self._receive = receive
        method = scope.get("method", "GET")
        self.limit = 0 if method in SAFE_METHODS else limit_for_path(_path_info(scope)).bytes
        self.refuses = method not in SAFE_METHODS
        self.read = 0
        self.finished = False  # the application has had the end of the body
        self.unread = False  # and the client's body was not all read
        self.client_done = False  # the client has sent its whole body, or gone
        declared = _declared_length(scope.get("headers", []))
        if declared is not None and declared > self.limit:
            self._stop()

    def _stop(self):
        self.unread = True
        if self.refuses:
            self.scope[REFUSED] = self.limit

    async def receive(self):
        if self.finished:
            if self.unread and self.refuses:
                # Django listens for the client going away once it has the
                # body, and stops listening once it has answered: a refused
                # body is not read meanwhile.
                await asyncio.Future()
            # What the client still sends of a GET's body is dropped.
            while True:
                message = await self._client_message()
                if message["type"] != "http.request" or not self.unread:
                    return message
        if self.unread:
            self.finished = True
            return {"type": "http.request", "body": b"", "more_body": False}
        message = await self._client_message()
        if message["type"] != "http.request":
            return message
        self.read += len(message.get("body", b""))
        if self.read > self.limit:
            self._stop()
            self.finished = True
            return {"type": "http.request", "body": b"", "more_body": False}
        self.finished = self.client_done
        return message

    async def _client_message(self):
        message = await self._receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.client_done = True
        return message

    async def linger(self):
        """Reads and drops what the client still sends of a refused body, for a moment, so it gets the answer."""
        deadline, dropped = time.monotonic() + LINGER_SECONDS, 0
        while self.unread and not self.client_done and dropped < LINGER_MAX_BYTES:
            try:
                message = await asyncio.wait_for(self._client_message(), deadline - time.monotonic())
            except (TimeoutError, asyncio.TimeoutError):
                return
            dropped += len(message.get("body", b""))


class BodyLimitMiddleware:
    """ASGI middleware: a request's body is read no further than its endpoint's limit (see the module's docstring)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        body = _LimitedBody(scope, receive)
        await self.app(body.scope, body.receive, send)
        await body.linger()


class RefuseLargeBodiesMiddleware(MiddlewareMixin):
    """413 with the endpoint's message for a body over its limit, before the CSRF check or anything reads it."""

    def process_view(self, request, view, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        limit = limit_of(view)
        refused = REFUSED in getattr(request, "scope", {})
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if not refused and declared <= limit.bytes:
            return None
        message = limit.message()
        log_refusal(request, 413, message)
        return message_response(request, message, 413)


class BeforeCsrfCheckMiddleware(MiddlewareMixin):
    """Just before Django's CSRF check: what of the body it gets to read.

    Django looks for a form's own token first, parsing the body for it, so a
    script's upload with a wrong token in the X-CSRFToken header had its
    files written to disk before it was refused. A request with a header
    token shows the check an empty form instead (AfterCsrfCheckMiddleware
    puts the real one back). One without needs its form parsed for the
    token, so it is parsed here, where Django's limits on it are answered
    with a message rather than a bare 400 and a traceback; without a CSRF
    cookie the check refuses before reading anything, and so is the body
    left unparsed.
    """

    def process_view(self, request, view, view_args, view_kwargs):
        if request.method != "POST" or hasattr(request, "_post"):
            return None
        if settings.CSRF_HEADER_NAME in request.META:
            request._post, request._files = QueryDict(), MultiValueDict()
            request.body_hidden_from_csrf_check = True
            return None
        if settings.CSRF_COOKIE_NAME in request.COOKIES:
            return read_body(request)
        return None


class AfterCsrfCheckMiddleware(MiddlewareMixin):
    """Just after Django's CSRF check: the body it was not shown is the view's again, parsed when first asked for."""

    def process_view(self, request, view, view_args, view_kwargs):
        if getattr(request, "body_hidden_from_csrf_check", False):
            del request._post, request._files
            request.body_hidden_from_csrf_check = False
        return None
