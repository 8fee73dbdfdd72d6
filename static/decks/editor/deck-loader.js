// Loading the whole deck from the server: after a change to its structure
// (slides added, moved or deleted, images changed) and when a conflict is
// resolved. A save of slide text answers with what changed instead.

export class DeckLoader {
  /** `adoptState(deck)` shows a deck the server sent; `selectSlide(id)` shows a slide of it. */
  constructor({ api, url, adoptState, selectSlide, session }) {
    Object.assign(this, { api, url, adoptState, selectSlide, session });
  }

  load() {
    return this.api.get(this.url);
  }

  async reload({ selectId = this.session.selectedId } = {}) {
    this.adoptState(await this.load());
    this.selectSlide(selectId);
  }
}
