// The live preview of the selected slide: its unsaved text rendered by the
// server, one build step at a time, following the caret unless a step was
// picked with the arrows; and the slide's problems, by line.

import { elementsOf } from "./elements.js";
import { drawGutter, errorItems, listItem } from "./lines.js";
import { slideMarkup } from "./slide-markup.js";

const PREVIEW_MS = 120;

export class Preview {
  /** `fields` are the slide editor's `source`, `notes`, `gutter` and `errors`; `list` gets the new thumbnail. */
  constructor(panel, { fields, api, url, session, list }) {
    Object.assign(this, { fields, api, url, session, list });
    Object.assign(
      this,
      elementsOf(panel, { frame: "[data-preview]", notesPreview: "[data-notes-preview]", stepLabel: "[data-step-label]" }),
    );
    this.timer = null;
    this.sequence = 0;
    this.steps = [];
    this.stepIndex = 0;
    this.stepPinned = false;

    panel.querySelector("[data-step-previous]").addEventListener("click", () => this.pinStep(this.stepIndex - 1));
    panel.querySelector("[data-step-next]").addEventListener("click", () => this.pinStep(this.stepIndex + 1));
    // "caret": the code editor in the textarea's place moved its caret.
    for (const eventName of ["click", "keyup", "caret"]) {
      fields.source.addEventListener(eventName, () => this.followCaret());
    }
    new ResizeObserver(() => this.fit()).observe(this.frame);
  }

  schedule(delay = PREVIEW_MS) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delay);
  }

  /** Lets the caret choose the step again (after the text changed or another slide was selected). */
  unpin() {
    this.stepPinned = false;
  }

  pinStep(index) {
    this.stepPinned = true;
    this.stepIndex = index;
    this.showSteps(this.steps);
  }

  followCaret() {
    if (this.stepPinned || !this.steps.length) return;
    const step = this.caretStep();
    if (step !== this.stepIndex) {
      this.stepIndex = step;
      this.showSteps(this.steps);
    }
  }

  async run() {
    if (this.session.selectedId === null) {
      this.showSteps([]);
      return;
    }
    const sequence = ++this.sequence;
    const { source, notes, errors } = this.fields;
    try {
      const result = await this.api.post(this.url, { source: source.value, notes: notes.value });
      if (sequence !== this.sequence) return;
      this.showResult(result);
    } catch (error) {
      if (sequence !== this.sequence) return;
      errors.replaceChildren(listItem("The preview needs the server; it will come back when the server does."));
    }
  }

  /** A rendering of the fields' text from the server (`steps`, `errors`, `missing_images`): a preview's or a save's. */
  showResult(result) {
    this.sequence++; // an older preview still on its way is out of date now
    this.steps = result.steps;
    if (!this.stepPinned) this.stepIndex = this.caretStep();
    this.showSteps(result.steps);
    this.showErrors(result.errors, result.missing_images);
  }

  /** The build step the caret is in: the last one whose text starts at or before the caret's line. */
  caretStep() {
    const source = this.fields.source;
    const caretLine = source.value.slice(0, source.selectionStart).split("\n").length;
    const started = this.steps.filter((step) => step.first_line <= caretLine).length;
    return Math.max(0, started - 1);
  }

  showSteps(steps) {
    this.stepIndex = Math.max(0, Math.min(this.stepIndex, steps.length - 1));
    const step = steps[this.stepIndex] || { classes: [], html: "", notes_html: "" };
    this.frame.replaceChildren(slideMarkup(step.classes, step.html));
    this.notesPreview.innerHTML = step.notes_html;
    const count = Math.max(steps.length, 1);
    this.stepLabel.textContent = `Step ${Math.min(this.stepIndex + 1, count)} of ${count}`;
    if (this.session.selectedId !== null && steps.length) {
      this.list.showThumbnail(this.session.selectedId, steps[steps.length - 1]);
    }
  }

  showErrors(errors, missingImages) {
    const items = errorItems(errors, this.fields.source);
    for (const name of missingImages) {
      items.push(listItem(`The image ${name} is not in the deck yet: upload it below.`, "text-warning"));
    }
    this.fields.errors.replaceChildren(...items);
    drawGutter(this.fields.source, this.fields.gutter, errors);
  }

  fit() {
    this.frame.style.setProperty("--slide-scale", String(this.frame.clientWidth / 1280));
  }
}
