// The whole deck as one text, slides separated by `---`: saved as a whole,
// its problems shown by line once saved.

import { CodeField, EditHistory } from "./code-field.js";
import { elementsOf } from "./elements.js";
import { drawGutter, errorItems, followScroll } from "./lines.js";

export class TextMode {
  /**
   * `reload()` fetches the deck and shows the selected slide again; `shorthand` and `completion`
   * colour the text and complete image names, as in the slide's field.
   */
  constructor(section, { toggle, slidesMode, session, queue, status, api, url, reload, shorthand, completion }) {
    Object.assign(this, { section, toggle, slidesMode, session, queue, status, api, url, reload });
    Object.assign(
      this,
      elementsOf(section, { text: "[data-deck-text]", gutter: "[data-text-gutter]", errors: "[data-text-errors]" }),
    );
    new CodeField(this.text, { language: shorthand, completion, history: new EditHistory(() => {}) });
    toggle.addEventListener("click", () => (session.mode === "slides" ? this.enter() : this.leave()));
    this.text.addEventListener("input", () => {
      drawGutter(this.text, this.gutter, []);
      const previous = queue.get("text");
      queue.markChanged("text", { kind: "text", text: this.text.value, base: previous ? previous.base : session.state.version });
    });
    followScroll(this.text, this.gutter);
  }

  show(shown) {
    this.session.mode = shown ? "text" : "slides";
    this.slidesMode.hidden = shown;
    this.section.hidden = !shown;
    this.toggle.setAttribute("aria-pressed", String(shown));
    this.toggle.textContent = shown ? "Back to slides" : "Whole deck as text";
  }

  setText(text, { redrawGutter = false } = {}) {
    this.text.value = text;
    if (redrawGutter) drawGutter(this.text, this.gutter, []);
  }

  async enter() {
    const { queue, status, session } = this;
    await queue.flush();
    if (queue.size || queue.conflict) {
      status.set("error", "Save your slide changes before switching to the whole text.");
      return;
    }
    let result;
    try {
      result = await this.api.get(this.url);
    } catch (error) {
      status.set("error", `Cannot open the whole text: ${error.message}`);
      return;
    }
    if (result.version !== session.state.version) await this.reload();
    session.state.version = result.version;
    session.mode = "text";
    this.text.value = result.text;
    this.showErrors(result.errors);
    this.show(true);
    this.text.focus();
  }

  /** Reopens the text left unsaved before a reload, and saves it. */
  enterWithDraft(change) {
    this.session.mode = "text";
    this.setText(change.text, { redrawGutter: true });
    this.show(true);
    this.queue.flush();
  }

  async leave() {
    const { queue, status } = this;
    await queue.flush();
    if (queue.size || queue.conflict) {
      status.set("error", "Your text is not saved yet; it stays open until it is.");
      return;
    }
    this.show(false);
    await this.reload();
  }

  /** Problems of the whole text, found when it is saved: by the line, and in a list under it. */
  showErrors(errors) {
    drawGutter(this.text, this.gutter, errors);
    this.errors.replaceChildren(...errorItems(errors, this.text));
  }
}
