// Unsaved changes, kept in this browser until the server has them.
//
// Two tabs of the same deck share localStorage, so each tab keeps its own
// entry (its id lives in sessionStorage, which survives a reload of that tab)
// and beats a heartbeat while open. A tab that opens the deck takes over the
// drafts of tabs that stopped beating: those were closed or crashed with
// changes the server never got.

const HEARTBEAT_MS = 5000;
const ABANDONED_MS = 15000;

function readJSON(key) {
  try {
    return JSON.parse(localStorage.getItem(key));
  } catch {
    return null;
  }
}

export class Drafts {
  constructor(slug) {
    this.prefix = `talks:drafts:${slug}:`;
    let tab = sessionStorage.getItem("talks:tab");
    if (!tab) {
      tab = Math.random().toString(36).slice(2);
      sessionStorage.setItem("talks:tab", tab);
    }
    this.tab = tab;
    this.beat();
    setInterval(() => this.beat(), HEARTBEAT_MS);
  }

  beat() {
    try {
      localStorage.setItem(`talks:tab:${this.tab}`, String(Date.now()));
    } catch {
      // Storage full or switched off: drafts just are not kept.
    }
  }

  /** Changes left by this tab before a reload, or by tabs that were closed. */
  recover() {
    const changes = [];
    for (let index = localStorage.length - 1; index >= 0; index--) {
      const key = localStorage.key(index);
      if (!key || !key.startsWith(this.prefix)) continue;
      const tab = key.slice(this.prefix.length);
      const lastBeat = Number(localStorage.getItem(`talks:tab:${tab}`) || 0);
      if (tab !== this.tab && Date.now() - lastBeat < ABANDONED_MS) continue;
      const saved = readJSON(key);
      if (Array.isArray(saved)) changes.push(...saved);
      if (tab !== this.tab) {
        localStorage.removeItem(key);
        localStorage.removeItem(`talks:tab:${tab}`);
      }
    }
    return changes;
  }

  /** Keeps `changes` (an array) in this browser; returns false when it cannot. */
  keep(changes) {
    try {
      if (changes.length) {
        localStorage.setItem(this.prefix + this.tab, JSON.stringify(changes));
      } else {
        localStorage.removeItem(this.prefix + this.tab);
      }
      return true;
    } catch {
      return false;
    }
  }
}
