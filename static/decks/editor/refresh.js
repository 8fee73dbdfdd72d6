// Loading the deck from the server. After our own saves, fresh thumbnails,
// images and health are fetched; a newer version from elsewhere is only
// adopted when nothing here is unsaved.

const REFRESH_MS = 1500;

export class DeckLoader {
  /** `adoptState(deck)` shows a deck the server sent; `selectSlide(id)` shows a slide of it. */
  constructor({ api, url, session, queue, status, adoptState, selectSlide }) {
    Object.assign(this, { api, url, session, queue, status, adoptState, selectSlide });
    this.timer = null;
  }

  load() {
    return this.api.get(this.url);
  }

  async reload({ selectId = this.session.selectedId } = {}) {
    this.adoptState(await this.load());
    this.selectSlide(selectId);
  }

  scheduleRefresh() {
    const { session, queue } = this;
    const idle = () => !queue.busy && session.mode === "slides";
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      if (!idle()) return;
      try {
        const fresh = await this.load();
        if (!idle()) return;
        const changedElsewhere = fresh.version !== session.state.version;
        this.adoptState(fresh);
        if (changedElsewhere) {
          this.selectSlide(session.selectedId);
          this.status.set("saved", `Loaded version ${fresh.version}, saved elsewhere.`);
        }
      } catch {
        // The next save will try again.
      }
    }, REFRESH_MS);
  }
}
