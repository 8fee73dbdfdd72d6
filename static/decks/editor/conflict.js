// The dialog shown when a save meets a newer version saved elsewhere: the
// person's text beside the saved one, to keep either, or to merge by hand.

import { elementsOf } from "./elements.js";

function sameAsSaved(change, data) {
  if (change.kind === "text") return change.text === data.text;
  const saved = data.deck.slides.find((slide) => slide.id === change.id);
  return Boolean(saved) && saved.source === change.source && saved.notes === change.notes;
}

export class ConflictDialog {
  /**
   * `editor` gives what the dialog changes around it: `session`, `adoptState(deck)`,
   * `selectSlide(id)` and `showDeckText(text, { redrawGutter })`.
   */
  constructor(dialog, { queue, status, editor }) {
    Object.assign(this, { dialog, queue, status, editor });
    Object.assign(
      this,
      elementsOf(dialog, {
        mine: "[data-conflict-mine]",
        mineNotes: "[data-conflict-mine-notes]",
        theirs: "[data-conflict-theirs]",
        theirsNotes: "[data-conflict-theirs-notes]",
      }),
    );
    this.lastTheirs = null;

    // Let the copy button see which saved field had the selection.
    for (const field of [this.theirs, this.theirsNotes]) {
      field.addEventListener("focus", () => (this.lastTheirs = field));
    }
    dialog.querySelector("[data-keep-mine]").addEventListener("click", () => this.keepMine());
    dialog.querySelector("[data-take-theirs]").addEventListener("click", () => this.takeTheirs());
    const copy = dialog.querySelector("[data-copy-across]");
    copy.addEventListener("mousedown", (event) => {
      event.preventDefault(); // keep the selection in the saved text
      if (this.lastTheirs) this.lastTheirs.focus();
    });
    copy.addEventListener("click", () => this.copyAcross());
    dialog.addEventListener("cancel", (event) => event.preventDefault());
  }

  open(key, change, data) {
    const { queue, editor } = this;
    if (sameAsSaved(change, data)) {
      // Saved already (say, just before a reload cut off the answer): nothing to choose.
      queue.delete(key);
      queue.keepDrafts();
      editor.adoptState(data.deck);
      if (editor.session.mode === "slides") editor.selectSlide(editor.session.selectedId);
      setTimeout(() => queue.flush());
      return;
    }
    queue.conflict = { key, change, data };
    this.dialog.querySelector("[data-conflict-message]").textContent = data.message;
    this.dialog.querySelector("[data-conflict-version]").textContent = `(version ${data.version})`;
    const isText = change.kind === "text";
    this.mineNotes.hidden = this.theirsNotes.hidden = isText;
    if (isText) {
      this.mine.value = change.text;
      this.theirs.value = data.text;
    } else {
      const saved = data.deck.slides.find((slide) => slide.id === change.id);
      this.mine.value = change.source;
      this.mineNotes.value = change.notes;
      this.theirs.value = saved ? saved.source : "(This slide was deleted in the saved version.)";
      this.theirsNotes.value = saved ? saved.notes : "";
    }
    this.status.set("conflict", "Changed elsewhere: choose which version to keep. Your text is kept until you do.");
    if (!this.dialog.open) this.dialog.showModal();
  }

  /** A slide deleted elsewhere: offer to keep the text as a new slide. */
  async openForDeletedSlide(key, change, loadState) {
    let fresh;
    try {
      fresh = await loadState();
    } catch {
      return false;
    }
    if (fresh.slides.some((slide) => slide.id === change.id)) return false;
    const message = `Slide ${change.number} was deleted somewhere else (the deck is now at version ${fresh.version}).`;
    this.open(key, change, { message, version: fresh.version, deck: fresh, text: "" });
    return true;
  }

  close() {
    this.dialog.close();
    this.queue.conflict = null;
  }

  async keepMine() {
    const { queue, editor } = this;
    const { key, change, data } = queue.conflict;
    const mine = this.mine.value;
    const mineNotes = this.mineNotes.value;
    this.close();
    editor.adoptState(data.deck);
    if (change.kind === "slide" && !editor.session.slideById(change.id)) {
      // Deleted elsewhere: bring it back as a new slide where it was.
      queue.delete(key);
      queue.set(`new:${change.id}`, { ...change, kind: "new", source: mine, notes: mineNotes, base: data.version });
      queue.keepDrafts();
      editor.selectSlide(editor.session.selectedId);
      await queue.flush();
      return;
    }
    const kept =
      change.kind === "text"
        ? { ...change, text: mine, base: data.version }
        : { ...change, source: mine, notes: mineNotes, base: data.version };
    queue.set(key, kept);
    queue.keepDrafts();
    if (editor.session.mode === "text") {
      editor.showDeckText(mine, { redrawGutter: false });
    } else {
      editor.selectSlide(change.kind === "slide" ? change.id : editor.session.selectedId);
    }
    await queue.flush();
  }

  takeTheirs() {
    const { queue, editor } = this;
    const { key, data } = queue.conflict;
    this.close();
    queue.delete(key);
    queue.keepDrafts();
    editor.adoptState(data.deck);
    if (editor.session.mode === "text") {
      editor.showDeckText(data.text, { redrawGutter: true });
    } else {
      editor.selectSlide(editor.session.selectedId);
    }
    if (queue.size) {
      queue.flush();
    } else {
      this.status.set("saved", `Took version ${data.version} as saved elsewhere.`);
    }
  }

  copyAcross() {
    const pairs = [
      [this.theirs, this.mine],
      [this.theirsNotes, this.mineNotes],
    ];
    const [from, to] = pairs.find(([theirs]) => theirs === document.activeElement) || pairs[0];
    const selected = from.value.slice(from.selectionStart, from.selectionEnd) || from.value;
    const at = to.selectionEnd ?? to.value.length;
    to.value = to.value.slice(0, at) + selected + to.value.slice(at);
    to.focus();
  }
}
