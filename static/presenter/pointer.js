// The red pointer, sending side: a driver (presenter view, through
// role-links.js; phone remote) points at the slide, and pointer-dot.js shows
// the dot on the controlled projector and followers' phones at the same
// place. Positions are fractions of the 16:9 slide, so they land right at any
// size. Nothing is stored; updates go at most 30 times a second.

const SEND_EVERY_MS = 1000 / 30;

// Sends positions (fractions) or null (released), never more than 30 a second,
// always the newest. Two requests may be on their way at once, so that a round
// trip longer than 33 ms does not slow the pointer down; a release waits for
// them, so that no late position brings the dot back.
const MAX_IN_FLIGHT = 2;

export class PointerSender {
  constructor(url, csrfToken) {
    this.url = url;
    this.csrfToken = csrfToken;
    this.pending = undefined;
    this.inFlight = 0;
    this.waiting = false;
    this.lastSent = 0;
    this.shown = false;
  }

  move(x, y) { this.queue({ x, y }); }

  release() { if (this.shown || this.pending) this.queue({ x: null, y: null }); }

  queue(position) {
    this.pending = position;
    this.flush();
  }

  async flush() {
    if (this.waiting || this.pending === undefined || this.inFlight >= MAX_IN_FLIGHT) return;
    if (this.pending.x === null && this.inFlight > 0) return;
    const wait = this.lastSent + SEND_EVERY_MS - performance.now();
    if (wait > 0) {
      this.waiting = true;
      await new Promise((resolve) => setTimeout(resolve, wait));
      this.waiting = false;
      this.flush();
      return;
    }
    const position = this.pending;
    this.pending = undefined;
    this.lastSent = performance.now();
    this.shown = position.x !== null;
    this.inFlight += 1;
    try {
      await fetch(this.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": this.csrfToken },
        body: JSON.stringify(position),
      });
    } catch {
      // A lost pointer update is not worth retrying: the next one replaces it.
    }
    this.inFlight -= 1;
    this.flush();
  }
}

// The fraction of `element`'s box under a mouse or touch point, or null outside it.
export function fractionWithin(element, clientX, clientY) {
  const box = element.getBoundingClientRect();
  const x = (clientX - box.left) / box.width;
  const y = (clientY - box.top) / box.height;
  if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) return null;
  return { x: Math.round(x * 10000) / 10000, y: Math.round(y * 10000) / 10000 };
}
