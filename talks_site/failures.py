"""Requests that cannot be served: too large to read, or the database away.

Neither is a bug in the app, so neither is a 500 with a traceback in the log:

* A body over DATA_UPLOAD_MAX_MEMORY_SIZE, or more files or fields than
  Django reads, gets a 413/400 that says so, as JSON for the editor's and
  the live view's requests, as a page otherwise, and one line in the log.
  (A body over its endpoint's limit is refused before it is read at all:
  talks_site/request_bodies.py.)
* A database that does not answer (down, restarting, out of connections)
  gets a 503 that says the text is kept in the tab, even where the session
  lookup of a signed-in user is what failed first.
"""

import logging
import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.deprecation import MiddlewareMixin
from django.utils.html import escape

from .http import log_refusal
from .sizes import size_text

logger = logging.getLogger("talks.database")

DATABASE_AWAY = (
    "The database is not answering; your text is kept in this tab and will be saved when it is back."
)
DATABASE_ERRORS = (OperationalError, InterfaceError)
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def wants_json(request):
    """Whether the request came from a script that reads JSON: the editor's and the live view's."""
    return (
        request.content_type == "application/json"
        or "application/json" in request.headers.get("Accept", "")
        or (request.method != "GET" and "/edit/" in request.path)  # the editor's uploads send no Accept
        or request.path.endswith("/live/state")
    )


def message_response(request, message, status):
    """`message` as JSON for scripts, as a small page for people."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    # No template: the page must not need the database (the base template
    # reads the signed-in user), nor anything else that might be away.
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Talks</title></head>'
        f"<body><main><h1>Not done</h1><p>{escape(message)}</p>"
        "<p>Use your browser’s Back button to try again.</p></main></body></html>"
    )
    return HttpResponse(page, status=status, content_type="text/html; charset=utf-8")


def too_large_message(error):
    if isinstance(error, TooManyFilesSent):
        return f"That is more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files in one go; send fewer at a time."
    if isinstance(error, TooManyFieldsSent):
        return f"The form sent more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields; nothing was changed."
    return (
        f"The request is larger than the {size_text(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)} the server reads; "
        "nothing was changed. "
        "Split the deck's text, or import a large deck as a file."
    )


def read_body(request):
    """A response refusing the request when its body is more than Django reads, else None."""
    try:
        if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            request.POST  # noqa: B018 -- parses the form (files to disk) and applies Django's limits
        else:
            request.body  # noqa: B018
    except (RequestDataTooBig, TooManyFilesSent, TooManyFieldsSent) as error:
        message = too_large_message(error)
        status = 413 if isinstance(error, RequestDataTooBig) else 400
        log_refusal(request, status, message)
        return message_response(request, message, status)
    return None


class RequestLimitsMiddleware(MiddlewareMixin):
    """Reads a request's body before its view, so that one over Django's limits is refused with a message.

    A view hook, after the CSRF check's: nothing is parsed for a request that
    check refuses.
    """

    def process_view(self, request, view, view_args, view_kwargs):
        if request.method in BODY_METHODS:
            return read_body(request)
        return None


def database_away(request, error):
    logger.warning("Database not answering for %s %s: %s", request.method, request.path, str(error).strip()[:300])
    response = message_response(request, DATABASE_AWAY, 503)
    response["Retry-After"] = "5"
    return response


class DatabaseTroubleMiddleware(MiddlewareMixin):
    """A 503 with a message, not a 500, when a view finds the database away."""

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_away(request, exception)
        return None


def server_error(request):
    """handler500: the database away is a 503 even when a middleware found it (the session save)."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_away(request, error)
    return message_response(request, "Something went wrong on the server. Try again in a moment.", 500)
