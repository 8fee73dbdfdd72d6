"""How fast a live talk reaches its followers.

Starts the app as in production (the Procfile's web command: gunicorn with the
ASGI worker, 2 workers, PostgreSQL), connects N followers to the talk's event
stream from this separate process, has the speaker advance 20 times, and
reports per-message delivery latency (from just before the speaker's POST to
the moment a follower has the event), followers that ended on a wrong slide,
server memory per connection and CPU. Then up to 5,000 of the followers leave
at once while the speaker's presenter page is fetched again and again: how
long it takes to answer then, and how many threads the workers start.

    .venv/bin/python bench/follow.py --followers 1000 --followers 5000

Needs PostgreSQL; by default it uses (and creates) the database talks_bench
on 127.0.0.1 as user postgres. Results are printed as a Markdown table.
"""

import argparse
import asyncio
import json
import logging
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import uvloop

logging.getLogger("httpx").setLevel(logging.WARNING)

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

SECRET_KEY = "bench-only-secret-key-not-for-production-0123456789abcdef"
SLIDES = 25
EVENT = re.compile(rb'id: (\d+)\nevent: state\ndata: \{[^}]*"slide":(\d+),"step":(\d+)')
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def raise_file_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard == resource.RLIM_INFINITY else max(soft, min(hard, needed))
    if wanted > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def prepare_database(database_url):
    """A fresh talk with SLIDES slides, live at the first one; returns (slug, owner cookies)."""
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')

    os.environ.update(DATABASE_URL=database_url, SECRET_KEY=SECRET_KEY, DEBUG="0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "talks_site.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from decks.models import Deck, Slide
    from presenter.models import PresentationState

    call_command("migrate", verbosity=0)
    # The presenter page, fetched while followers leave, needs the hashed static files.
    call_command("collectstatic", interactive=False, verbosity=0)
    owner, _ = get_user_model().objects.get_or_create(username="bench-speaker")
    Deck.objects.filter(slug="bench-talk").delete()
    deck = Deck.objects.create(owner=owner, title="Benchmark talk", slug="bench-talk", visibility="public")
    Slide.objects.bulk_create(Slide(deck=deck, position=n, source=f"# Slide {n + 1}\n--\nmore") for n in range(SLIDES))
    PresentationState.change(deck, action="start")
    client = Client()
    client.force_login(owner)
    return deck.slug, {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


class Follower(asyncio.Protocol):
    """One follower's stream: records when each state event arrived, nothing more."""

    def __init__(self, request, connected, arrivals):
        self.request = request
        self.connected = connected
        self.arrivals = arrivals
        self.tail = b""
        self.received = {}  # sequence -> perf_counter() when it arrived
        self.last = None  # (sequence, slide, step)
        self.closed = False
        self.refused = False

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def data_received(self, data):
        now = time.perf_counter()
        if not self.received and not self.tail and data.startswith(b"HTTP/1.1 503"):
            # Past the server's cap on open streams (presenter/live.py).
            self.refused = True
            if not self.connected.done():
                self.connected.set_result(None)
            return
        text = self.tail + data
        for match in EVENT.finditer(text):
            sequence = int(match.group(1))
            if sequence not in self.received:
                self.received[sequence] = now
                self.last = (sequence, int(match.group(2)), int(match.group(3)))
                self.arrivals.arrived(sequence)
        self.tail = text[-200:]
        if not self.connected.done() and self.received:
            self.connected.set_result(None)

    def connection_lost(self, exc):
        self.closed = True
        if not self.connected.done():
            self.connected.set_exception(ConnectionError("stream closed before its first event"))


class Arrivals:
    """Counts, per sequence, the followers that have it; wakes whoever waits for all of them."""

    def __init__(self, expected):
        self.expected = expected
        self.counts = {}
        self.waiters = {}

    def arrived(self, sequence):
        self.counts[sequence] = self.counts.get(sequence, 0) + 1
        if self.counts[sequence] >= self.expected and sequence in self.waiters:
            self.waiters.pop(sequence).set()

    async def everyone_has(self, sequence, timeout):
        if self.counts.get(sequence, 0) >= self.expected:
            return
        event = self.waiters.setdefault(sequence, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except TimeoutError:
            pass


async def open_followers(url, slug, count, arrivals, batch=250):
    loop = asyncio.get_running_loop()
    parts = urlsplit(url)
    request = (
        f"GET /talks/{slug}/live/events HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
    ).encode()
    followers = []
    for start in range(0, count, batch):
        pending = []
        for _ in range(min(batch, count - start)):
            follower = Follower(request, loop.create_future(), arrivals)
            await loop.create_connection(lambda f=follower: f, parts.hostname, parts.port)
            pending.append(follower)
        await asyncio.wait_for(asyncio.gather(*(f.connected for f in pending)), timeout=60)
        followers.extend(pending)
    return followers


def open_sockets(pid):
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            count += os.readlink(fd).startswith("socket:")
        except OSError:
            continue
    return count


def thread_counts(pids):
    return [int(re.search(r"Threads:\s+(\d+)", Path(f"/proc/{pid}/status").read_text()).group(1)) for pid in pids]


def process_stats(pids):
    """Total resident memory (bytes) and CPU seconds of some processes."""
    rss = cpu = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        rss += int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        cpu += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return rss, cpu


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def run(server, slug, cookies, count, advances, settle):
    import httpx

    workers = server.worker_pids()
    rss_before, _ = process_stats(workers)
    connect_started = time.perf_counter()
    _, cpu_before_connect = process_stats(workers)
    arrivals = Arrivals(count)
    followers = await open_followers(server.url, slug, count, arrivals)
    connect_seconds = time.perf_counter() - connect_started
    await asyncio.sleep(2)
    rss_after, cpu_before = process_stats(workers)
    threads = thread_counts(workers)
    sockets_per_worker = [open_sockets(pid) for pid in workers]
    refused = [f for f in followers if f.refused]
    followers = [f for f in followers if not f.refused]
    arrivals.expected = len(followers)
    connect_cpu = cpu_before - cpu_before_connect
    client_cpu_before = time.process_time()

    token = "b" * 32
    sent = {}
    path = [(1 + n // 2, n % 2) for n in range(advances)]
    async with httpx.AsyncClient(
        base_url=server.url,
        cookies={**cookies, "csrftoken": token},
        headers={"X-CSRFToken": token, "Origin": server.url},
    ) as client:
        # One move before measuring: the first request of a fresh server opens
        # its database connections.
        (await client.post(f"/talks/{slug}/live/state", json={"slide": 0, "step": 0})).raise_for_status()
        await asyncio.sleep(1)
        phase_started = time.perf_counter()
        round_trips = []
        for slide, step in path:
            started = time.perf_counter()
            response = await client.post(f"/talks/{slug}/live/state", json={"slide": slide, "step": step})
            response.raise_for_status()
            round_trips.append((time.perf_counter() - started) * 1000)
            sequence = response.json()["sequence"]
            sent[sequence] = started
            await arrivals.everyone_has(sequence, timeout=30)
            await asyncio.sleep(settle)
        phase_seconds = time.perf_counter() - phase_started
    _, cpu_after = process_stats(workers)
    client_cpu = time.process_time() - client_cpu_before

    latencies = [
        (f.received[sequence] - started) * 1000
        for f in followers
        for sequence, started in sent.items()
        if sequence in f.received
    ]
    slowest_per_advance = [
        round(max((f.received[sequence] - started) * 1000 for f in followers if sequence in f.received), 1)
        for sequence, started in sent.items()
    ]
    final = (max(sent), *path[-1])
    missing = sum(1 for f in followers for sequence in sent if sequence not in f.received)
    wrong = sum(1 for f in followers if f.last != final)
    leaving = min(count, LEAVING)
    presenter_ms, peak_threads = await presenter_while_leaving(server, slug, cookies, followers[:leaving])
    for follower in followers:
        follower.transport.close()
    return {
        "followers": count,
        "messages": len(latencies),
        "missing": missing,
        "wrong": wrong,
        "closed": sum(f.closed for f in followers),
        "post_p50": statistics.median(round_trips),
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "max": max(latencies),
        "connect_seconds": connect_seconds,
        "connect_cpu": connect_cpu,
        "rss_per_connection": (rss_after - rss_before) / count,
        "rss_total": rss_after,
        "threads_per_worker": threads,
        "sockets_per_worker": sockets_per_worker,
        "refused": len(refused),
        "slowest_per_advance_ms": slowest_per_advance,
        "server_cpu_percent": 100 * (cpu_after - cpu_before) / phase_seconds,
        "server_cpu_per_advance_ms": 1000 * (cpu_after - cpu_before) / len(path),
        "server_cpu_per_follower_move_us": 1e6 * (cpu_after - cpu_before) / (len(path) * count),
        "leaving": leaving,
        "presenter_while_leaving_ms": presenter_ms,
        "peak_threads_while_leaving": peak_threads,
        "client_cpu_percent": 100 * client_cpu / phase_seconds,
        "client_cpu_per_advance_ms": 1000 * client_cpu / len(path),
    }


LEAVING = 5000
LEAVING_WATCH_SECONDS = 10


async def presenter_while_leaving(server, slug, cookies, leaving):
    """The presenter page's latencies (ms) and the workers' peak thread count while `leaving` followers close at once."""
    import httpx

    workers = server.worker_pids()
    latencies = []
    peak = [max(thread_counts(workers))]
    done = asyncio.Event()

    async def fetch_presenter_page(client):
        while not done.is_set():
            started = time.perf_counter()
            (await client.get(f"/talks/{slug}/presenter/")).raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.05)

    async def count_threads():
        while not done.is_set():
            peak[0] = max(peak[0], *thread_counts(workers))
            await asyncio.sleep(0.05)

    async with httpx.AsyncClient(base_url=server.url, cookies=cookies, timeout=120) as client:
        (await client.get(f"/talks/{slug}/presenter/")).raise_for_status()
        tasks = [asyncio.create_task(fetch_presenter_page(client)), asyncio.create_task(count_threads())]
        await asyncio.sleep(0.5)
        for follower in leaving:
            follower.transport.close()
        await asyncio.sleep(LEAVING_WATCH_SECONDS)
        done.set()
        await asyncio.gather(*tasks)
    return latencies, peak[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--followers", type=int, action="append", help="followers per run (repeatable)")
    parser.add_argument("--advances", type=int, default=20)
    parser.add_argument("--settle", type=float, default=0.5, help="seconds between advances once all have it")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for the server, e.g. LOG_LEVEL=info (repeatable)")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/talks_bench")
    args = parser.parse_args()
    counts = args.followers or [1000, 5000]
    server_env = dict(item.split("=", 1) for item in args.server_env)

    limit = raise_file_limit(max(counts) * 2 + 1000)
    slug, cookies = prepare_database(args.database_url)
    from tests.web_server import WebServer

    load_before = os.getloadavg()[0]
    rows = []
    for count in counts:
        # A fresh server per run, so memory and CPU are the run's own.
        with WebServer(workers=args.workers, database_url=args.database_url, env={"SECRET_KEY": SECRET_KEY, "LOG_LEVEL": "warning", **server_env}) as server:
            # The followers' side runs on uvloop too, so that its own cost
            # takes as little of the machine as possible from the server's.
            rows.append(uvloop.run(run(server, slug, cookies, count, args.advances, args.settle)))
        print(f"{count} followers done", file=sys.stderr)

    print(
        f"file descriptor limit: {limit}; {args.workers} workers; {args.advances} advances; "
        f"load average before: {load_before:.1f}\n"
    )
    print(
        "| followers | messages | speaker's POST p50 ms | p50 ms | p95 ms | p99 ms | max ms | missed | wrong slide | "
        "server RSS per connection | server CPU per advance | per follower per move | client CPU per advance | "
        "connect time | presenter page while N leave: p50 / max | peak threads |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['followers']:,} | {r['messages']:,} | {r['post_p50']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | "
            f"{r['max']:.1f} | {r['missing']} | {r['wrong']} | {r['rss_per_connection'] / 1024:.1f} KiB | "
            f"{r['server_cpu_per_advance_ms']:.0f} ms | {r['server_cpu_per_follower_move_us']:.1f} µs | "
            f"{r['client_cpu_per_advance_ms']:.0f} ms | "
            f"{r['connect_seconds']:.1f} s ({r['connect_cpu']:.1f} s CPU) | "
            f"{r['leaving']:,} leave: {statistics.median(r['presenter_while_leaving_ms']):.0f} / "
            f"{max(r['presenter_while_leaving_ms']):.0f} ms | {r['peak_threads_while_leaving']} |"
        )
        if r["refused"]:
            print(f"| refused at the cap: {r['refused']} (sockets per worker {r['sockets_per_worker']}) |")
    print()
    print(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
