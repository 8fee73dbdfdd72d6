// The red pointer, sending side: a driver (presenter view, phone remote)
// points at the slide, and pointer-dot.js shows the dot on the controlled
// projector and followers' phones at the same place. Positions are fractions
// of the 16:9 slide, so they land right at any size. Nothing is stored;
// updates go at most 30 times a second.

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

// The presenter view: the pointer is on while D is held, or while toggled on;
// then the mouse over the current slide (`stage`, inside `surface`) points.
export function bindPresenterPointer({ surface, stage, sender }) {
  let toggled = false;
  let held = false;
  const active = () => toggled || held;
  const show = () => document.body.classList.toggle("pointer-on", active());

  document.addEventListener("keydown", (event) => {
    if (event.key !== "d" && event.key !== "D") return;
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    held = true;
    show();
  });
  document.addEventListener("keyup", (event) => {
    if (event.key !== "d" && event.key !== "D") return;
    held = false;
    show();
    if (!active()) sender.release();
  });
  surface.addEventListener("mousemove", (event) => {
    if (!active()) return;
    const at = fractionWithin(stage, event.clientX, event.clientY);
    if (at) sender.move(at.x, at.y);
    else sender.release();
  });
  surface.addEventListener("mouseleave", () => sender.release());
  // Pressing and dragging would select the slide's text, and then drag the
  // selection instead of moving the pointer.
  for (const type of ["mousedown", "dragstart"]) {
    surface.addEventListener(type, (event) => { if (active()) event.preventDefault(); });
  }
  return {
    get toggled() { return toggled; },
    setToggled(on) {
      toggled = on;
      show();
      if (!active()) sender.release();
    },
  };
}
