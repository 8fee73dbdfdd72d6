"""Sending a large body from a socket, a piece at a time, and measuring the worker that reads it.

For tests/test_request_bodies.py and bench/request_bodies.py: how many bytes
could be sent before the answer came, the bytes of temporary files the
gunicorn worker held at most (sampled every few milliseconds from /proc,
under the server's TMPDIR), and the growth of its peak resident memory.
"""

import json
import os
import re
import select
import socket
import threading
import time
from dataclasses import dataclass


class WorkerMeasure:
    """The temporary files (under the server's TMPDIR) the worker holds open, at their largest, and its peak memory."""

    def __init__(self, server, folder):
        [self.pid] = server.worker_pids()
        self.folder = str(folder)
        self.most_held = 0
        self._running = False

    def held_bytes(self):
        held = 0
        fds = f"/proc/{self.pid}/fd"
        for fd in os.listdir(fds):
            try:
                if os.readlink(f"{fds}/{fd}").startswith(self.folder):
                    held += os.stat(f"{fds}/{fd}").st_size
            except FileNotFoundError:
                continue
        return held

    def peak_memory(self):
        status = open(f"/proc/{self.pid}/status").read()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024

    def _sample(self):
        while self._running:
            self.most_held = max(self.most_held, self.held_bytes())
            time.sleep(0.002)

    def __enter__(self):
        self.memory_before = self.peak_memory()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        time.sleep(0.05)
        self._running = False
        self._thread.join()
        self.memory_growth = self.peak_memory() - self.memory_before


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes
    sent_before_answer: int

    def json(self):
        return json.loads(self.body)


def send_body(server, path, size, *, method="POST", chunked=False, headers=None, prefix=b"", suffix=b"", timeout=120):
    """Sends `size` bytes from a socket, `prefix`, zero bytes, `suffix`, reading the answer as soon as there is one.

    Returns the answer and how many body bytes had gone out when its first
    byte came. A server that reads the whole body first lets all of them go.
    """
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}")
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
    sock.setblocking(False)
    piece = b"\0" * (256 * 1024)
    body_sent, pending, finished, answered_after, reply = 0, b"", False, None, b""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not pending and not finished:
                if body_sent < size:
                    data = _body_piece(body_sent, size, prefix, suffix, len(piece))
                    body_sent += len(data)
                    pending = (f"{len(data):x}\r\n".encode() + data + b"\r\n") if chunked else data
                else:
                    pending, finished = (b"0\r\n\r\n" if chunked else b""), True
            readable, writable, _ = select.select([sock], [sock] if pending else [], [], 1)
            if readable:
                try:
                    data = sock.recv(65536)
                except ConnectionResetError:
                    break
                if not data:
                    break
                if answered_after is None:
                    answered_after = body_sent
                reply += data
                if _complete(reply):
                    break
            elif writable:
                try:
                    pending = pending[sock.send(pending):]
                except (BrokenPipeError, ConnectionResetError):
                    pending, finished = b"", True
    finally:
        sock.close()
    head, _, body = reply.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in header_lines)}
    return Reply(int(status_line.split()[1]), headers, body, answered_after)


def _body_piece(offset, size, prefix, suffix, length):
    if offset < len(prefix):
        return prefix[offset:offset + length]
    zeros_end = size - len(suffix)
    if offset < zeros_end:
        return b"\0" * min(length, zeros_end - offset)
    return suffix[offset - zeros_end:offset - zeros_end + length]


def _complete(reply):
    head, separator, body = reply.partition(b"\r\n\r\n")
    if not separator:
        return False
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return length is not None and len(body) >= int(length.group(1))
