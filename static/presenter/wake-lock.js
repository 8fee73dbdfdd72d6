// Keeps the screen from dimming while a talk is on (the Screen Wake Lock API).
//
// The browser drops the lock whenever the page is hidden; it is taken again
// when the page comes back while the talk is still on. What the page holds is
// written on <html data-wake-lock>: "off" (no talk), "held", "released" (the
// talk ended), "unsupported" or "refused" (the browser said no, e.g. on
// battery saver).

export class ScreenWakeLock {
  constructor(element = document.documentElement) {
    this.element = element;
    this.wanted = false;
    this.sentinel = null;
    this.requesting = null;
    this.show("off");
    document.addEventListener("visibilitychange", () => {
      if (this.wanted && document.visibilityState === "visible") this.request();
    });
  }

  // Idempotent: call it as often as the talk's state is known.
  set(on) {
    if (on === this.wanted) return;
    this.wanted = on;
    if (on) this.request();
    else this.release();
  }

  async request() {
    if (this.sentinel || this.requesting) return;
    if (!("wakeLock" in navigator)) {
      this.show("unsupported");
      return;
    }
    this.requesting = navigator.wakeLock.request("screen");
    try {
      const sentinel = await this.requesting;
      if (!this.wanted) {
        // The talk ended while the browser was granting it.
        await sentinel.release();
        return;
      }
      this.sentinel = sentinel;
      sentinel.addEventListener("release", () => {
        if (this.sentinel === sentinel) this.sentinel = null;
        this.show(this.wanted ? "lost" : "released");
      });
      this.show("held");
    } catch {
      this.show("refused");
    } finally {
      this.requesting = null;
    }
  }

  async release() {
    const sentinel = this.sentinel;
    this.sentinel = null;
    if (sentinel) await sentinel.release();
    this.show(this.element.dataset.wakeLock === "off" ? "off" : "released");
  }

  show(state) {
    this.element.dataset.wakeLock = state;
  }
}

// The presenter tells its projector windows whether the talk is on, over the
// same kind of channel deck-sync.js uses; a projector that opens asks.
export function announceTalk(slug) {
  const lock = new ScreenWakeLock();
  if (!("BroadcastChannel" in window)) return { set: (on) => lock.set(on) };
  const channel = new BroadcastChannel(`talks-talk:${slug}`);
  channel.addEventListener("message", ({ data }) => {
    if (data.type === "hello") channel.postMessage({ type: "talk", on: lock.wanted });
  });
  return {
    set(on) {
      if (on === lock.wanted) return;
      lock.set(on);
      channel.postMessage({ type: "talk", on });
    },
  };
}

// A projector window: the screen stays on while the presenter's talk is on,
// and, with no presenter window, from the first move on.
export function followTalk(slug, navigation) {
  const lock = new ScreenWakeLock();
  let presenterSeen = false;
  navigation.addEventListener("change", () => { if (!presenterSeen) lock.set(true); });
  if (!("BroadcastChannel" in window)) return lock;
  const channel = new BroadcastChannel(`talks-talk:${slug}`);
  channel.addEventListener("message", ({ data }) => {
    if (data.type !== "talk") return;
    presenterSeen = true;
    lock.set(data.on);
  });
  channel.postMessage({ type: "hello" });
  return lock;
}
