// Saving that never loses work.
//
// Every unsaved change sits in `pending` (one entry per slide, or one for the
// whole text) and in localStorage until the server confirms it. A save sends
// the deck version the change was based on; a 409 stops the queue on a
// conflict instead of overwriting anything, until the person chooses.

import { NetworkError, ResponseError } from "../api.js";

const AUTOSAVE_MS = 800;

/** Posts a queued change to its endpoint: a slide's text, a slide brought back as new, or the whole text. */
export function changeSender(api, urls) {
  return (change) => {
    if (change.kind === "text") {
      return api.post(urls.saveText, { version: change.base, text: change.text });
    }
    if (change.kind === "new") {
      const body = { version: change.base, position: change.number - 1, source: change.source, notes: change.notes };
      return api.post(urls.addSlide, body);
    }
    return api.post(urls.saveSlide(change.id), { version: change.base, source: change.source, notes: change.notes });
  };
}

export class SaveQueue {
  /**
   * `send(change)` posts one change. The hooks: `onConflict(key, change, data)`
   * for a 409; `onRefused(key, change)` for a slide the server refused, which
   * resolves to true when it handled it; `onSaved(key, change, result)`, after
   * each save, with the server's answer.
   */
  constructor({ drafts, status, send, onConflict, onRefused, onSaved }) {
    Object.assign(this, { drafts, status, send, onConflict, onRefused, onSaved });
    this.pending = new Map(); // key -> change; key is "slide:<id>", "new:<id>" or "text"
    this.inFlight = null;
    this.conflict = null; // { key, change, data } while the conflict dialog is open
    this.autosaveTimer = null;
    this.retryTimer = null;
    this.retryDelay = 1000;
  }

  get size() {
    return this.pending.size;
  }

  /** True while anything is unsaved, being saved or waiting on a conflict. */
  get busy() {
    return Boolean(this.pending.size || this.inFlight || this.conflict);
  }

  has(key) {
    return this.pending.has(key);
  }

  get(key) {
    return this.pending.get(key);
  }

  /** Puts a change in the queue without scheduling a save (for recovered drafts and conflicts). */
  set(key, change) {
    this.pending.set(key, change);
  }

  delete(key) {
    this.pending.delete(key);
  }

  keepDrafts() {
    const kept = this.drafts.keep([...this.pending.values()]);
    if (!kept && this.pending.size) {
      this.status.set("error", "Unsaved changes, and this browser cannot keep a copy. Save soon.");
    }
  }

  markChanged(key, change) {
    this.pending.set(key, change);
    this.keepDrafts();
    if (!this.conflict && !this.retryTimer) this.status.set("unsaved", "Unsaved changes…");
    clearTimeout(this.autosaveTimer);
    this.autosaveTimer = setTimeout(() => this.flush(), AUTOSAVE_MS);
  }

  /** Saves every pending change; resolves to true when nothing is left unsaved. */
  flush() {
    clearTimeout(this.autosaveTimer);
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (!this.inFlight) this.inFlight = this.saveAll().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  async saveAll() {
    while (this.pending.size && !this.conflict) {
      const [key, change] = this.pending.entries().next().value;
      this.status.set("saving", "Saving…");
      let result;
      try {
        result = await this.send(change);
      } catch (error) {
        if (error instanceof NetworkError) {
          this.scheduleRetry(error.serverMessage);
          return false;
        }
        if (error instanceof ResponseError && error.status === 409) {
          this.onConflict(key, change, error.data);
          return false;
        }
        if (error instanceof ResponseError && error.status === 400 && change.kind === "slide") {
          if (await this.onRefused(key, change)) return false;
        }
        this.status.set("error", `Not saved: ${error.message} Your text is kept in this browser.`);
        return false;
      }
      this.retryDelay = 1000;
      this.saved(key, change, result.version);
      await this.onSaved(key, change, result);
    }
    if (this.conflict) return false;
    this.keepDrafts();
    if (!this.pending.size) this.status.set("saved", "All changes saved");
    return !this.pending.size;
  }

  saved(key, change, version) {
    // Versions between base and the new one are ours alone: the server checked.
    for (const other of this.pending.values()) {
      if (other !== change && other.base === change.base) other.base = version;
    }
    if (this.pending.get(key) === change) this.pending.delete(key);
  }

  /** `serverMessage`: what a server that answered but could not serve said (a 503 while its database is away). */
  scheduleRetry(serverMessage = null) {
    const seconds = Math.round(this.retryDelay / 1000);
    const count = this.pending.size;
    const kept = `${count} unsaved change${count === 1 ? " is" : "s are"} kept in this browser`;
    this.status.set(
      "offline",
      serverMessage
        ? `${serverMessage} Trying again in ${seconds} s.`
        : `Cannot reach the server. ${kept}; trying again in ${seconds} s.`,
    );
    this.retryTimer = setTimeout(() => this.flush(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 15000);
  }

  /** Saves when the browser comes back online, and warns before a page with unsaved work closes. */
  watchWindow() {
    window.addEventListener("online", () => this.pending.size && this.flush());
    window.addEventListener("beforeunload", (event) => {
      if (this.pending.size || this.inFlight) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }
}
