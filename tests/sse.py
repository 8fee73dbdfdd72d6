"""A small server-sent events client over a plain socket, for tests.

It speaks just enough HTTP/1.1 (chunked or plain bodies) to read a live
stream event by event, tells which server process holds the other end of its
connection, and can reconnect with Last-Event-ID like a browser does.
"""

import asyncio
import json
import os
import resource
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Event:
    event: str
    data: dict
    id: str | None


class StreamEnded(Exception):
    """The server closed the stream."""


class EventStream:
    def __init__(self, url, *, cookies=None, last_event_id=None, timeout=10):
        parts = urlsplit(url)
        self.url = url
        self.cookies = cookies or {}
        self.timeout = timeout
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=timeout)
        self.sock.settimeout(timeout)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = [
            f"GET {target} HTTP/1.1",
            f"Host: {parts.hostname}:{parts.port}",
            "Accept: text/event-stream",
            "Cache-Control: no-cache",
        ]
        if self.cookies:
            headers.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        if last_event_id is not None:
            headers.append(f"Last-Event-ID: {last_event_id}")
        self.sock.sendall(("\r\n".join(headers) + "\r\n\r\n").encode())
        self.raw = b""
        self.text = b""
        self.last_event_id = last_event_id
        self.status, self.headers = self._read_head()
        self.chunked = self.headers.get("transfer-encoding", "").lower() == "chunked"

    # HTTP

    def _receive(self):
        data = self.sock.recv(65536)
        if not data:
            raise StreamEnded(self.url)
        self.raw += data

    def _read_head(self):
        while b"\r\n\r\n" not in self.raw:
            self._receive()
        head, self.raw = self.raw.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, headers

    def _read_body(self):
        """Moves newly received body bytes into self.text (at least some)."""
        while True:
            if not self.chunked:
                if self.raw:
                    self.text, self.raw = self.text + self.raw, b""
                    return
            else:
                moved = False
                while b"\r\n" in self.raw:
                    size_line, rest = self.raw.split(b"\r\n", 1)
                    size = int(size_line.split(b";")[0], 16)
                    if size == 0:
                        # The last events may have come in the same packet as the end.
                        if moved:
                            return
                        raise StreamEnded(self.url)
                    if len(rest) < size + 2:
                        break
                    self.text += rest[:size]
                    self.raw = rest[size + 2 :]
                    moved = True
                if moved:
                    return
            self._receive()

    def body(self):
        """The whole body of a response that is not a stream (an error page)."""
        try:
            while True:
                self._read_body()
        except (StreamEnded, TimeoutError):
            pass
        return self.text.decode()

    # Events

    def next_event(self, skip_pings=True):
        """The next event; raises TimeoutError or StreamEnded."""
        while True:
            while b"\n\n" not in self.text:
                self._read_body()
            block, self.text = self.text.split(b"\n\n", 1)
            fields = {"event": "message", "data": [], "id": None}
            for line in block.decode().split("\n"):
                if not line or line.startswith(":"):
                    continue
                name, _, value = line.partition(":")
                value = value[1:] if value.startswith(" ") else value
                if name == "data":
                    fields["data"].append(value)
                elif name in ("event", "id"):
                    fields[name] = value
            if not fields["data"]:
                continue
            event = Event(fields["event"], json.loads("\n".join(fields["data"])), fields["id"])
            if event.id is not None:
                self.last_event_id = event.id
            if skip_pings and event.event == "ping":
                continue
            return event

    def next_state(self):
        while True:
            event = self.next_event()
            if event.event == "state":
                return event.data

    def close(self):
        self.sock.close()

    # Which server process holds the other end

    def local_port(self):
        return self.sock.getsockname()[1]

    def server_pid(self, candidate_pids):
        """The PID (among candidates) whose socket is connected to this client's port."""
        inode = _server_socket_inode(self.local_port())
        for pid in candidate_pids:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    if os.readlink(fd) == f"socket:[{inode}]":
                        return pid
                except OSError:
                    continue
        return None


def _server_socket_inode(client_port):
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            # An old connection from the same port number may linger in
            # TIME_WAIT (state 06) with no inode; only the open one counts.
            if remote_port == client_port and fields[3] == "01" and fields[9] != "0":
                return fields[9]
    raise LookupError(f"no server socket for client port {client_port}")


class Follower:
    """A stream that reconnects after the server drops it, sending Last-Event-ID."""

    def __init__(self, url, **kwargs):
        self.url = url
        self.kwargs = kwargs
        self.reconnects = 0
        self.stream = EventStream(url, **kwargs)
        self.states = []

    def next_state(self):
        while True:
            try:
                state = self.stream.next_state()
            except (StreamEnded, ConnectionError):
                last_event_id = self.stream.last_event_id
                self.stream.close()
                self.stream = EventStream(self.url, **{**self.kwargs, "last_event_id": last_event_id})
                self.reconnects += 1
                continue
            self.states.append(state)
            return state

    def read_until(self, sequence):
        """States received up to (and including) the one with this sequence."""
        while not self.states or self.states[-1]["sequence"] < sequence:
            self.next_state()
        return self.states

    def close(self):
        self.stream.close()


class _CountedStream(asyncio.Protocol):
    """One of many streams opened at once: waits for the first event, counts the rest by kind."""

    def __init__(self, request, opened):
        self.request = request
        self.opened = opened
        self.head = b""
        self.status = None
        self.events = []  # (time.monotonic() of arrival, kind, data as a dict)
        self.tail = b""

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data):
        now = time.monotonic()
        if self.status is None:
            self.head += data
            if b"\r\n\r\n" not in self.head:
                return
            head, data = self.head.split(b"\r\n\r\n", 1)
            self.status = int(head.split(b" ", 2)[1])
        text = self.tail + data
        *blocks, self.tail = text.split(b"\n\n")
        for block in blocks:
            kind = data = None
            for line in block.split(b"\n"):
                if line.startswith(b"event: "):
                    kind = line[7:].decode()
                elif line.startswith(b"data: "):
                    data = json.loads(line[6:])
            if kind is not None:
                self.events.append((now, kind, data))
        if not self.opened.done() and (self.events or self.status != 200):
            self.opened.set_result(self.status)

    def connection_lost(self, exc):
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed before the first event"))

    def count(self, kind):
        return sum(1 for _, event, _ in self.events if event == kind)


async def open_streams(url, count, *, cookies=None, batch=250):
    """`count` event streams to `url`, opened `batch` at a time from this event loop; each has had its first event."""
    loop = asyncio.get_running_loop()
    parts = urlsplit(url)
    lines = [
        f"GET {parts.path}{'?' + parts.query if parts.query else ''} HTTP/1.1",
        f"Host: {parts.netloc}",
        "Accept: text/event-stream",
    ]
    if cookies:
        lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items()))
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    streams = []
    for start in range(0, count, batch):
        opening = []
        for _ in range(min(batch, count - start)):
            stream = _CountedStream(request, loop.create_future())
            await loop.create_connection(lambda stream=stream: stream, parts.hostname, parts.port)
            opening.append(stream)
        await asyncio.wait_for(asyncio.gather(*(stream.opened for stream in opening)), timeout=120)
        streams.extend(opening)
    return streams


def raise_file_limit(needed):
    """Lets this process (and the servers it starts) hold `needed` sockets, if the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed if hard == resource.RLIM_INFINITY else min(hard, needed)
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def run_in_own_loop(coroutine):
    """Runs a coroutine to its end in an event loop of its own thread (Playwright's sync API keeps one in this one)."""
    import threading

    outcome = {}

    def run():
        try:
            outcome["result"] = asyncio.run(coroutine)
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]
