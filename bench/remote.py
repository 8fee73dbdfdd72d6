"""How fast a phone remote's moves and the pointer reach the audience.

Starts the app as in production (the Procfile's web command, 2 workers,
PostgreSQL), connects N followers to the talk's event stream from this
process (as bench/follow.py does), opens a remote link, takes control with
it, then:

1. moves: the remote posts `--moves` moves, each carrying the sequence it was
   made from; latency is from just before the POST to the moment a follower
   has the state event (p50/p95/p99 over every follower and move);
2. pointer: the remote sends pointer positions at `--pointer-rate` a second
   for `--pointer-seconds`, at most two requests on their way at once (as
   static/presenter/pointer.js does); latency is from just before each POST to the
   moment a follower has that position (a follower that falls behind skips
   to the newest, so some are never delivered: that share is reported), and
   the server's CPU over the phase.

    .venv/bin/python bench/remote.py --followers 1000

Needs PostgreSQL; uses (and creates) the database talks_bench on 127.0.0.1.
"""

import argparse
import asyncio
import json
import logging
import os
import re
import statistics
import sys
import time
from pathlib import Path

import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parent))
import follow as follow_bench  # noqa: E402  (bench/follow.py: followers, stats)

POINTER = re.compile(rb'event: pointer\ndata: \{"x":([0-9.]+),')


class Follower(follow_bench.Follower):
    """A follower that also notes when each pointer position arrived."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pointers = {}

    def data_received(self, data):
        now = time.perf_counter()
        for match in POINTER.finditer(self.tail + data):
            self.pointers.setdefault(match.group(1).decode(), now)
        super().data_received(data)


async def open_followers(url, slug, count, arrivals, batch=250):
    # bench/follow.py's, with this module's Follower.
    original = follow_bench.Follower
    follow_bench.Follower = Follower
    try:
        return await follow_bench.open_followers(url, slug, count, arrivals, batch)
    finally:
        follow_bench.Follower = original


def make_remote_link(slug):
    from decks.models import Deck
    from presenter.links import make_link

    deck = Deck.objects.get(slug=slug)
    return make_link(deck, role="remote", created_by=deck.owner, label="bench phone").path.split("#")[1]


async def remote_client(server, token):
    import httpx

    csrf = "r" * 32
    async with httpx.AsyncClient(base_url=server.url, cookies={"csrftoken": csrf}, headers={"X-CSRFToken": csrf, "Origin": server.url}) as anonymous:
        response = await anonymous.post("/l/", json={"token": token})
        response.raise_for_status()
        session = response.cookies["sessionid"]
    client = httpx.AsyncClient(
        base_url=server.url,
        cookies={"csrftoken": csrf, "sessionid": session},
        headers={"X-CSRFToken": csrf, "Origin": server.url},
    )
    return client


def summary(latencies):
    return {
        "count": len(latencies),
        "p50": statistics.median(latencies),
        "p95": follow_bench.percentile(latencies, 0.95),
        "p99": follow_bench.percentile(latencies, 0.99),
        "max": max(latencies),
    }


async def run(server, slug, token, count, moves, settle, rate, seconds):
    workers = server.worker_pids()
    arrivals = follow_bench.Arrivals(count)
    followers = await open_followers(server.url, slug, count, arrivals)
    await asyncio.sleep(2)
    client = await remote_client(server, token)
    async with client:
        (await client.post(f"/talks/{slug}/live/control", json={"action": "take"})).raise_for_status()
        state = (await client.get(f"/talks/{slug}/live/state")).json()
        # One move before measuring: the first request of a fresh server opens its connections.
        first = await client.post(f"/talks/{slug}/live/state", json={"slide": 0, "step": 0, "from_sequence": state["sequence"]})
        first.raise_for_status()
        sequence = first.json()["sequence"]
        await arrivals.everyone_has(sequence, timeout=30)
        await asyncio.sleep(1)

        # 1. Moves.
        sent = {}
        refused = 0
        _, cpu_before = follow_bench.process_stats(workers)
        phase_started = time.perf_counter()
        for n in range(moves):
            slide, step = 1 + n // 2, n % 2
            started = time.perf_counter()
            response = await client.post(
                f"/talks/{slug}/live/state", json={"slide": slide, "step": step, "from_sequence": sequence}
            )
            if response.status_code != 200:
                refused += 1
                sequence = response.json()["state"]["sequence"]
                continue
            sequence = response.json()["sequence"]
            sent[sequence] = started
            await arrivals.everyone_has(sequence, timeout=30)
            await asyncio.sleep(settle)
        move_seconds = time.perf_counter() - phase_started
        _, cpu_after = follow_bench.process_stats(workers)
        move_latencies = [
            (f.received[s] - t) * 1000 for f in followers for s, t in sent.items() if s in f.received
        ]
        moves_missing = sum(1 for f in followers for s in sent if s not in f.received)
        move_cpu = 100 * (cpu_after - cpu_before) / move_seconds

        # 2. Pointer at `rate` updates a second.
        await asyncio.sleep(1)
        pointer_sent = {}
        interval = 1 / rate
        _, cpu_before = follow_bench.process_stats(workers)
        phase_started = time.perf_counter()
        next_at = phase_started
        n = 0
        in_flight = asyncio.Semaphore(2)  # as pointer.js's PointerSender: two requests at most
        tasks = set()

        async def send(x):
            async with in_flight:
                pointer_sent[x] = time.perf_counter()
                response = await client.post(f"/talks/{slug}/live/pointer", json={"x": float(x), "y": 0.5})
                response.raise_for_status()

        while time.perf_counter() - phase_started < seconds:
            n += 1
            x = f"{(n % 9999) / 10000:.4f}".rstrip("0")
            # A position that finds two requests on their way is skipped, as the
            # browser's sender keeps only the newest.
            if not in_flight.locked():
                task = asyncio.create_task(send(x))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            next_at += interval
            await asyncio.sleep(max(0, next_at - time.perf_counter()))
        await asyncio.gather(*tasks)
        pointer_seconds = time.perf_counter() - phase_started
        await asyncio.sleep(1)
        _, cpu_after = follow_bench.process_stats(workers)
        (await client.post(f"/talks/{slug}/live/pointer", json={"x": None})).raise_for_status()
    pointer_latencies = [
        (f.pointers[x] - t) * 1000 for f in followers for x, t in pointer_sent.items() if x in f.pointers
    ]
    delivered = len(pointer_latencies) / (len(pointer_sent) * count)
    for follower in followers:
        follower.transport.close()
    return {
        "followers": count,
        "moves": {**summary(move_latencies), "missing": moves_missing, "refused": refused, "server_cpu_percent": move_cpu},
        "pointer": {
            **summary(pointer_latencies),
            "updates": len(pointer_sent),
            "rate": len(pointer_sent) / pointer_seconds,
            "delivered_share": delivered,
            # The second after the last update is in the phase: CPU per second of sending.
            "server_cpu_percent": 100 * (cpu_after - cpu_before) / (pointer_seconds + 1),
        },
        "load_average": os.getloadavg()[0],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--followers", type=int, default=1000)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--settle", type=float, default=0.5)
    parser.add_argument("--pointer-rate", type=float, default=30)
    parser.add_argument("--pointer-seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/talks_bench")
    args = parser.parse_args()

    limit = follow_bench.raise_file_limit(args.followers * 2 + 1000)
    slug, _ = follow_bench.prepare_database(args.database_url)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    token = make_remote_link(slug)
    from tests.web_server import WebServer

    load_before = os.getloadavg()[0]
    env = {"SECRET_KEY": follow_bench.SECRET_KEY, "LOG_LEVEL": "warning"}
    with WebServer(workers=args.workers, database_url=args.database_url, env=env) as server:
        result = uvloop.run(
            run(server, slug, token, args.followers, args.moves, args.settle, args.pointer_rate, args.pointer_seconds)
        )
    m, p = result["moves"], result["pointer"]
    print(f"file descriptor limit: {limit}; {args.workers} workers; load average before: {load_before:.1f}, after: {result['load_average']:.1f}\n")
    print("| measure | followers | samples | p50 ms | p95 ms | p99 ms | max ms | other | server CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|---|---:|")
    print(
        f"| remote move → follower | {result['followers']:,} | {m['count']:,} | {m['p50']:.1f} | {m['p95']:.1f} | {m['p99']:.1f} | "
        f"{m['max']:.1f} | {m['missing']} missed, {m['refused']} refused | {m['server_cpu_percent']:.0f}% |"
    )
    print(
        f"| pointer → follower | {result['followers']:,} | {p['count']:,} | {p['p50']:.1f} | {p['p95']:.1f} | {p['p99']:.1f} | "
        f"{p['max']:.1f} | {p['updates']} updates at {p['rate']:.1f}/s, {100 * p['delivered_share']:.1f}% delivered | "
        f"{p['server_cpu_percent']:.0f}% |"
    )
    print()
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
