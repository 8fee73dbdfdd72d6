from django.conf import settings
from django.utils.deprecation import MiddlewareMixin


class ContentSecurityPolicyMiddleware(MiddlewareMixin):
    """Adds the site's Content-Security-Policy to every response that has none.

    MiddlewareMixin keeps it usable from async views (the live event stream)
    without a thread hop per request.
    """

    def process_response(self, request, response):
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
