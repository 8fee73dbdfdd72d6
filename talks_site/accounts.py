"""Logging in: who a client is, and what a throttled login is told (django-axes does the counting).

Failed logins are counted per account and per client address within
AXES_COOLOFF_TIME (settings.py); past the limit, the login page says how
long to wait, with 429 and Retry-After, until that long after the failure
that reached it. A successful login clears the count.
"""

import ipaddress
import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone

from .http import log_refusal


def client_address(request) -> str | None:
    """The address of the client: the one the platform's router put last in X-Forwarded-For.

    Behind FORWARDED_PROXY_COUNT routers (one on a Heroku-style platform)
    the connection comes from the nearest router; each router appends the
    address it was reached from, and anything before them is the client's
    own say. Without routers, or a header that does not have their entries,
    it is the connection's address.
    """
    hops = settings.FORWARDED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        try:
            return str(ipaddress.ip_address(forwarded[-hops]))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR")


def _locks(request, credentials):
    """For each of the account and the client that is over the limit, when its wait ends."""
    limit = get_failure_limit(request, credentials)
    cool_off = get_cool_off(request)
    handler = AxesProxyHandler.get_implementation()
    ends = []
    for parameter, attempts in zip(settings.AXES_LOCKOUT_PARAMETERS, handler.get_user_attempts(request, credentials)):
        counted = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (counted["failures"] or 0) >= limit and counted["last"] is not None:
            ends.append((parameter, counted["last"] + cool_off))
    return ends


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page, saying whose failures stopped it and how long to wait."""
    credentials = getattr(request, "axes_credentials", None) or credentials or {}
    ends = _locks(request, credentials)
    now = timezone.now()
    parameter, end = max(ends, key=lambda lock: lock[1]) if ends else ("username", now + get_cool_off(request))
    seconds = max(1, math.ceil((end - now).total_seconds()))
    minutes = math.ceil(seconds / 60)
    whose = "for this account" if parameter == "username" else "from your network"
    message = f"Too many failed logins {whose}; try again in {minutes} minute{'s' if minutes != 1 else ''}."
    log_refusal(request, 429, message)
    form = AuthenticationForm(request, initial={"username": credentials.get("username", "")})
    response = render(request, "registration/login.html", {"form": form, "locked_out": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response
