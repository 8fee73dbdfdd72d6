"""The ASGI application gunicorn serves (Procfile): Django, behind the limit on request bodies.

Django reads a request's whole body before its first middleware runs;
BodyLimitMiddleware stops reading it at the endpoint's limit
(talks_site/request_bodies.py). Event streams run their synchronous parts on
a few shared threads (presenter/stream_requests.py).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talks_site.settings")

django_application = get_asgi_application()

from presenter.stream_requests import StreamsShareThreads  # noqa: E402 -- once Django is set up
from talks_site.request_bodies import BodyLimitMiddleware  # noqa: E402

application = BodyLimitMiddleware(StreamsShareThreads(django_application))
