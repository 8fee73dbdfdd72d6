// The talk clock: time since Go live, kept on the server (presenter/models.py,
// PresentationState.clock), so the presenter view after a reload or in a new
// tab, the remote and the pace all show the same time. The server's "now"
// corrects this device's clock, which may be off by seconds (a phone).

export class TalkClock {
  constructor(url, clock = null) {
    this.url = url;
    this.startedAt = null;
    this.endedAt = null;
    this.offset = 0;
    this.status = null;
    this.fresh = false;
    if (clock) this.set(clock, { correct: false });
  }

  /** `correct`: whether `clock.now` was read just now (not from a cached page), so it can correct this device. */
  set({ startedAt, endedAt, now }, { correct = true } = {}) {
    this.startedAt = startedAt ?? null;
    this.endedAt = endedAt ?? null;
    if (correct && typeof now === "number") this.offset = now - Date.now();
    this.fresh = this.fresh || correct;
  }

  /** Milliseconds since Go live (to the end, once ended), or null if the talk never went live. */
  elapsed() {
    if (this.startedAt === null) return null;
    const end = this.endedAt ?? Date.now() + this.offset;
    return Math.max(0, end - this.startedAt);
  }

  async refresh() {
    try {
      const response = await fetch(this.url, { cache: "no-store", headers: { Accept: "application/json" } });
      if (response.ok) this.set(await response.json());
    } catch {
      // Offline: keep what is known; the next change of status asks again.
    }
  }

  /** Called with every state seen: going live, ending or restarting moves the clock. */
  follow(status) {
    if (status === this.status) return;
    const first = this.status === null;
    this.status = status;
    if (!first || !this.fresh) this.refresh();
  }
}

export function clockText(ms, { hours = false } = {}) {
  const seconds = Math.floor(ms / 1000);
  const pad = (n) => String(n).padStart(2, "0");
  const h = Math.floor(seconds / 3600);
  if (hours || h) return `${h}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  return `${Math.floor(seconds / 60)}:${pad(seconds % 60)}`;
}
