from django.conf import settings
from django.db import DatabaseError
from django.utils.crypto import salted_hmac
from django.utils.deprecation import MiddlewareMixin

VISITOR_HEADER = "Talks-Visitor"
NOBODY = "nobody"


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Adds the site's Content-Security-Policy to every response that has none.

    MiddlewareMixin keeps it usable from async views (the live event stream)
    without a thread hop per request.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def visitor_id(user) -> str:
    """Who a page is served to, as the service worker compares it: "nobody", or a value of this user's login.

    It changes with the password, so a password changed elsewhere (which
    ends this browser's session) reads as someone else too. It names no one.
    """
    if not user.is_authenticated:
        return NOBODY
    return salted_hmac("talks.offline-visitor", f"{user.pk}:{user.get_session_auth_hash()}").hexdigest()[:24]


class VisitorHeaderMiddleware(MiddlewareMixin):
    """Says on every page who it was served to, so the service worker drops the copies kept for anyone else.

    See presenter/offline.py. Pages only: the worker reads it from the pages
    it fetches (navigations); a page whose user cannot be read (the
    database away) says nothing.
    """

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html") or not hasattr(request, "user"):
            return response
        try:
            response.headers.setdefault(VISITOR_HEADER, visitor_id(request.user))
        except DatabaseError:
            pass
        return response
