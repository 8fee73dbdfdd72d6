// Changes to the deck's structure (add, duplicate, delete and move slides;
// upload, rename and delete images): one at a time, each based on the result
// of the last, and only once every text change is saved.

import { NetworkError, ResponseError } from "../api.js";

export class StructureChanges {
  /** `reload(selectId)` fetches the deck after a change; `adoptState(deck)` takes a deck sent with a 409. */
  constructor({ queue, status, session, reload, adoptState, selectSlide }) {
    Object.assign(this, { queue, status, session, reload, adoptState, selectSlide });
    this.last = Promise.resolve();
  }

  /** `request()` sends the change (or returns null when there is nothing to do); resolves to its answer once applied. */
  run(label, request, selectAfter) {
    const run = this.last.then(() => this.apply(label, request, selectAfter));
    this.last = run.catch(() => {});
    return run;
  }

  async apply(label, request, selectAfter) {
    const { queue, status, session } = this;
    await queue.flush();
    if (queue.size || queue.conflict) {
      status.set("error", `${label}: save your changes first.`);
      return;
    }
    const sent = request();
    if (!sent) return;
    status.set("saving", `${label}…`);
    try {
      const result = await sent;
      session.state.version = result.version;
      await this.reload(selectAfter(result));
      status.set("saved", "All changes saved");
      return result;
    } catch (error) {
      if (error instanceof NetworkError) {
        status.set("offline", `${label}: cannot reach the server. Nothing was changed; try again.`);
      } else if (error instanceof ResponseError && error.status === 409) {
        this.adoptState(error.data.deck);
        this.selectSlide(session.selectedId);
        status.set("error", `${label}: the deck was changed elsewhere, so it was reloaded. Try again.`);
      } else {
        status.set("error", `${label}: ${error.message}`);
      }
    }
  }
}
