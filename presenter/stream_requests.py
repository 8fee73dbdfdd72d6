"""What the server does differently for an event-stream request: shared threads, and its send at hand.

Event streams share a few long-lived threads instead of each starting its own.

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

It also keeps the connection's ASGI `send` where the stream can find it
(`connection_send`), so that once the stream has started, events are written
straight to the connection (presenter/live.py, `Subscription.write_directly`).
"""

import contextvars
import itertools
import queue
import threading
from concurrent.futures import Executor, Future

from asgiref.sync import ThreadSensitiveContext

STREAM_THREADS = 4
EVENT_STREAM_PATH_END = "/live/events"


class OneThread(Executor):
    """Runs calls one at a time on one thread of its own, started on first use.

    A ThreadPoolExecutor of one thread would do, but each of its submits
    takes a lock its thread also takes after every call: with 2,000 streams
    ending at once, the event loop spent more of its time waiting for that
    lock than on anything else.
    """

    def __init__(self, name):
        self.name = name
        self.calls = queue.SimpleQueue()
        self.thread = None
        self.starting = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        if self.thread is None:
            with self.starting:
                if self.thread is None:
                    self.thread = threading.Thread(target=self.run_calls, name=self.name, daemon=True)
                    self.thread.start()
        future = Future()
        self.calls.put((future, fn, args, kwargs))
        return future

    def run_calls(self):
        while True:
            future, fn, args, kwargs = self.calls.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:  # noqa: BLE001 - handed to whoever waits for it
                future.set_exception(error)
            else:
                future.set_result(result)
            # Nothing of the last call stays alive while the thread waits.
            future = fn = args = kwargs = result = None


# The server's send for the event-stream request being handled.
connection_send = contextvars.ContextVar("connection_send", default=None)

_executors = [OneThread(f"event-streams-{n}") for n in range(STREAM_THREADS)]
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
        token = connection_send.set(send)
        try:
            # Django's own ThreadSensitiveContext, inside, then uses this one.
            async with ThreadSensitiveContext(executor=executor):
                return await self.app(scope, receive, send)
        finally:
            connection_send.reset(token)
