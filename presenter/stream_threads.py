"""Event streams share a few long-lived threads instead of each starting its own.

Under ASGI, Django runs a request's synchronous parts (most middleware, the
request_started and request_finished signals, `sync_to_async` calls) in a
thread of the request's own, started for it and joined by yet another thread
when the request ends. For an event stream that end comes hours later, and
often for thousands at once: when a room of phones leaves, each stream's
clean-up started a thread or two, and closing 3,000 streams stalled the
worker (and the speaker's presenter page) for 11 s.

This ASGI wrapper gives every event-stream request one of a few threads
that live as long as the process, each running one call at a time as Django
expects of a request's thread. Other requests are left as Django runs them.
"""

import itertools
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext

STREAM_THREADS = 4
EVENT_STREAM_PATH_END = "/live/events"

_executors = [ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"event-streams-{n}") for n in range(STREAM_THREADS)]
_turn = itertools.count()


def is_event_stream(scope):
    return scope["type"] == "http" and scope["path"].endswith(EVENT_STREAM_PATH_END)


class StreamsShareThreads:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if not is_event_stream(scope):
            return await self.app(scope, receive, send)
        executor = _executors[next(_turn) % STREAM_THREADS]
        # Django's own ThreadSensitiveContext, inside, then uses this one.
        async with ThreadSensitiveContext(executor=executor):
            return await self.app(scope, receive, send)
