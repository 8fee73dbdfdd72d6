// The browser's end of the live presentation state.
//
// Opens the deck's event stream (server-sent events) and reports every state
// newer than the last one seen. The stream starts with the current state, so a
// reconnect always lands on the right slide. If the stream cannot be opened at
// all (a proxy that refuses or buffers it), it polls the small state endpoint
// instead and tries the stream again now and then. A stream that stays silent
// for longer than two heartbeats is treated as dead and reopened: phones that
// change networks keep half-open connections around.
//
// Statuses: "connecting", "live", "reconnecting", "polling", and "closed"
// once the server has ended this page's access (a revoked or expired link, a
// deck made private: the stream's "closed" event, or the state endpoint
// answering 403 or 404). A stream refused because the server or this browser
// has as many open as allowed (503) polls meanwhile, emits "busy" with the
// server's sentence, and tries again after its Retry-After.

const POLL_MILLISECONDS = 2000;
const STREAM_RETRY_MILLISECONDS = 30000;
const GIVE_UP_OPENING_MILLISECONDS = 8000;

export class LiveConnection extends EventTarget {
  constructor({ eventsUrl, stateUrl, heartbeatSeconds = 15, state = null }) {
    super();
    this.eventsUrl = eventsUrl;
    this.stateUrl = stateUrl;
    this.silenceLimit = (2 * heartbeatSeconds + 5) * 1000;
    this.sequence = state ? state.sequence : -1;
    this.status = "connecting";
    this.source = null;
    this.pollTimer = null;
    this.watchdog = null;
    this.openDeadline = null;
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible" && this.status !== "live" && this.status !== "closed") this.openStream();
    });
  }

  start() {
    this.openStream();
    return this;
  }

  openStream() {
    if (this.status === "closed") return;
    this.closeStream();
    const source = new EventSource(this.eventsUrl);
    this.source = source;
    let opened = false;
    clearTimeout(this.openDeadline);
    this.openDeadline = setTimeout(() => { if (!opened) this.startPolling(); }, GIVE_UP_OPENING_MILLISECONDS);
    source.addEventListener("open", () => {
      opened = true;
      clearTimeout(this.openDeadline);
      this.stopPolling();
      this.setStatus("live");
      this.touch();
    });
    source.addEventListener("state", (event) => {
      this.touch();
      this.receive(JSON.parse(event.data));
    });
    source.addEventListener("followers", (event) => {
      this.touch();
      this.emit("followers", JSON.parse(event.data));
    });
    source.addEventListener("ping", () => this.touch());
    // Who drives (presenter view, remotes) and the pointer (audience).
    for (const type of ["control", "pointer"]) {
      source.addEventListener(type, (event) => {
        this.touch();
        this.emit(type, JSON.parse(event.data));
      });
    }
    source.addEventListener("closed", (event) => this.stop(JSON.parse(event.data)));
    source.addEventListener("error", () => {
      if (source !== this.source) return;
      if (source.readyState === EventSource.CLOSED) {
        // The server answered with something that is not a stream (an error
        // page, a proxy): EventSource gives up, so poll instead.
        this.startPolling();
        this.learnWhyRefused();
      } else if (opened) {
        this.setStatus("reconnecting");
      }
    });
  }

  // EventSource does not tell why a stream was refused; asking again does.
  async learnWhyRefused() {
    const controller = new AbortController();
    try {
      const response = await fetch(this.eventsUrl, {
        cache: "no-store",
        headers: { Accept: "text/event-stream" },
        signal: controller.signal,
      });
      if (response.status !== 503) return;
      const seconds = Number(response.headers.get("Retry-After")) || STREAM_RETRY_MILLISECONDS / 1000;
      const body = await response.json();
      this.emit("busy", { message: body.error, retryAfter: seconds });
      // Spread out, so that a room of phones does not come back at the same moment.
      clearTimeout(this.streamRetry);
      this.streamRetry = setTimeout(() => this.retryStream(), seconds * 1000 * (1 + Math.random()));
    } catch {
      // Polling carries on either way.
    } finally {
      controller.abort();
    }
  }

  closeStream() {
    clearTimeout(this.watchdog);
    if (this.source) this.source.close();
    this.source = null;
  }

  // Any sign of life from the stream; silence for too long reopens it.
  touch() {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.setStatus("reconnecting");
      this.openStream();
    }, this.silenceLimit);
  }

  // The server ended this page's access: no reconnecting, no polling.
  stop(detail) {
    this.closeStream();
    this.stopPolling();
    clearTimeout(this.openDeadline);
    this.setStatus("closed");
    this.emit("closed", detail);
  }

  startPolling() {
    if (this.status === "closed") return;
    this.closeStream();
    if (this.pollTimer) return;
    this.setStatus("polling");
    const poll = async () => {
      try {
        const response = await fetch(this.stateUrl, { cache: "no-store", headers: { Accept: "application/json" } });
        // The deck is no longer this page's to see (a link revoked while the stream was down).
        if (response.status === 403 || response.status === 404) {
          this.stop({ reason: "gone" });
          return;
        }
        if (!response.ok) throw new Error(`state endpoint answered ${response.status}`);
        this.receive(await response.json());
        this.setStatus("polling");
      } catch {
        this.setStatus("reconnecting");
      }
    };
    poll();
    this.pollTimer = setInterval(poll, POLL_MILLISECONDS);
    this.streamRetry = setTimeout(() => this.retryStream(), STREAM_RETRY_MILLISECONDS);
  }

  retryStream() {
    this.stopPolling();
    this.openStream();
  }

  stopPolling() {
    clearInterval(this.pollTimer);
    clearTimeout(this.streamRetry);
    this.pollTimer = null;
  }

  receive(state) {
    if (state.sequence <= this.sequence) return;
    this.sequence = state.sequence;
    this.emit("state", state);
  }

  setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    this.emit("status", { status });
  }

  emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

// The configuration a page passes with json_script (see presenter/live_views.py).
export function readConfig(id = "live-config") {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : null;
}
