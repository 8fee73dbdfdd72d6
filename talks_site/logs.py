"""Logging filters: what the site writes to its log, one line per event a client can cause."""

import logging

HOST_SHOWN_CHARACTERS = 200


class BadHostLine(logging.Filter):
    """A request whose Host header is not in ALLOWED_HOSTS, as one line naming the host.

    Django logs it as an error with a traceback of some 30 lines; anyone
    can send such a request (scanners do, all day), so the traceback would
    flood the log and tells nothing: the host is the whole story.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        meta = getattr(request, "META", {})
        host = meta.get("HTTP_X_FORWARDED_HOST") or meta.get("HTTP_HOST", "")
        record.msg = "Refused %s %s (400): bad Host header %r, not one of ALLOWED_HOSTS"
        record.args = (
            getattr(request, "method", "?"),
            getattr(request, "path", "?")[:HOST_SHOWN_CHARACTERS],
            host[:HOST_SHOWN_CHARACTERS],
        )
        record.exc_info = record.exc_text = record.stack_info = None
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
