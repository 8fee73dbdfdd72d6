"""Reading JSON requests and answering them, for the decks editor and the live presenter.

Anything a client can send gets a 4xx with a message that names the problem,
never a 500: bodies that are not JSON, nested too deeply to read, holding
NaN or Infinity, NUL characters or lone surrogates (neither of which
PostgreSQL can store), or versions that are not whole numbers.
"""

import functools
import json
import logging

from django.db import DatabaseError
from django.http import JsonResponse

logger = logging.getLogger("talks.refused")

# Deeper than any request the pages send (a few levels), far shallower than
# Python's recursion limit, which a hostile body would otherwise hit.
MAX_JSON_DEPTH = 64


class BadRequest(ValueError):
    """A request that cannot be served as sent; the message says what is wrong with it."""


def _reject_constant(name):
    raise BadRequest(f"The request is not valid JSON: {name} is not a number JSON allows.")


def check_content_type(request, expected, what):
    """BadRequest naming the content type the request was sent as, unless it is `expected`."""
    if request.content_type == expected:
        return
    sent = f"sent as {request.content_type}" if request.content_type else "sent without a Content-Type"
    raise BadRequest(f"The request is {sent}; send {what}.")


def read_json(request):
    """The JSON object a request carries, or BadRequest with a message."""
    check_content_type(request, "application/json", "JSON, with Content-Type: application/json")
    body = request.body or b"{}"
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(body) > 1 and (body[0] == 0 or body[1] == 0)):
        raise BadRequest("The request is UTF-16; send JSON as UTF-8.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest("The request is not UTF-8; send JSON as UTF-8.") from None
    _check_depth(text)
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise BadRequest(f"The request is nested more than {MAX_JSON_DEPTH} levels deep.") from None
    except ValueError as error:
        if isinstance(error, BadRequest):
            raise
        raise BadRequest("The request was not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadRequest("The request must be a JSON object.")
    check_values(data)
    return data


def _check_depth(text):
    """BadRequest if brackets outside strings nest deeper than MAX_JSON_DEPTH (one pass, no recursion)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    depth, in_string, escaped = 0, False, False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise BadRequest(f"The request is nested more than {MAX_JSON_DEPTH} levels deep.")
        elif character in "]}":
            depth -= 1


def check_values(data):
    """BadRequest for a NUL character or a lone surrogate in any key or string of `data`, naming its field."""
    pending = [(None, data)]
    while pending:
        field, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                check_storable_text(key)
                pending.append((key if field is None else field, item))
        elif isinstance(value, list):
            pending.extend((field, item) for item in value)
        elif isinstance(value, str):
            check_storable_text(value, field)


def check_storable_text(value, field=None):
    """`value`, or BadRequest if it holds what PostgreSQL cannot store (NUL, a lone surrogate), naming `field`."""
    where = f"“{field}”" if field else "The request"
    if "\x00" in value:
        raise BadRequest(f"{where} contains a NUL character (U+0000), which cannot be stored; remove it.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        raise BadRequest(f"{where} contains a lone surrogate (U+{code:04X}), which is not text; remove it.") from None
    return value


def text_field(data, key, *, required=True, default=""):
    """`data[key]` as text with LF line ends; BadRequest if it is missing (when required) or not text."""
    if key not in data:
        if required:
            raise BadRequest(f"The request has no “{key}”; nothing was changed.")
        return default
    value = data[key]
    if not isinstance(value, str):
        raise BadRequest(f"“{key}” must be text.")
    return check_storable_text(value, key).replace("\r\n", "\n")


def version_field(data, key="version"):
    """The deck version a change started from: a whole number, or None when it is missing."""
    value = data.get(key)
    if value is None:
        return None
    text = str(value)
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not (text.isascii() and text.isdigit()):
        raise BadRequest(f"“{key}” must be the whole number of the deck version the change started from.")
    if len(text) > 18:
        raise BadRequest(f"“{key}” is larger than any deck version.")
    return int(value)


def error_response(message, status=400, **extra):
    return JsonResponse({"error": message, **extra}, status=status)


def log_refusal(request, status, message):
    """One line for a request refused for what it sent: what, who, why."""
    try:
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
    except DatabaseError:
        who = "someone (the database did not answer)"
    logger.warning("Refused %s %s from %s (%s): %s", request.method, request.path, who, status, message)


def json_endpoint(view):
    """A view answering JSON: BadRequest raised by it (or by reading the body) is a 400 with its message."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadRequest as error:
            log_refusal(request, 400, str(error))
            return error_response(str(error))

    return wrapper
