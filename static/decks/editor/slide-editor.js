// The selected slide's shorthand and notes. Typing queues a save of the
// slide and refreshes the preview.

import { elementsOf } from "./elements.js";
import { drawGutter, followScroll } from "./lines.js";

export class SlideEditor {
  constructor(panel, { session, queue, list }) {
    Object.assign(this, { session, queue, list });
    this.number = panel.querySelector("[data-slide-number]");
    this.fields = elementsOf(panel, {
      source: "[data-source]",
      notes: "[data-notes]",
      gutter: "[data-gutter]",
      errors: "[data-errors]",
    });
    this.preview = null; // set by attachPreview: the preview reads these fields
    const { source, notes, gutter } = this.fields;
    source.addEventListener("input", () => {
      this.preview.unpin();
      drawGutter(source, gutter, []);
      this.onInput();
    });
    notes.addEventListener("input", () => this.onInput());
    followScroll(source, gutter);
  }

  attachPreview(preview) {
    this.preview = preview;
  }

  /** The text a slide shows: its unsaved change if it has one. */
  shownText(slide) {
    const change = this.queue.get(`slide:${slide.id}`);
    return change ? { source: change.source, notes: change.notes } : { source: slide.source, notes: slide.notes };
  }

  select(id, { focus = false } = {}) {
    const { session, fields } = this;
    const slide = session.slideById(id) || session.state.slides[0];
    session.selectedId = slide ? slide.id : null;
    this.list.markSelected({ focus });
    const index = session.state.slides.indexOf(slide);
    this.number.textContent = slide ? `${index + 1} of ${session.state.slides.length}` : "(none: add one)";
    const text = slide ? this.shownText(slide) : { source: "", notes: "" };
    fields.source.value = text.source;
    fields.notes.value = text.notes;
    fields.source.disabled = fields.notes.disabled = !slide;
    this.preview.unpin();
    drawGutter(fields.source, fields.gutter, []);
    this.preview.schedule(0);
  }

  onInput() {
    const { session, queue, fields } = this;
    const slide = session.slideById(session.selectedId);
    if (!slide) return;
    const key = `slide:${slide.id}`;
    const previous = queue.get(key);
    queue.markChanged(key, {
      kind: "slide",
      id: slide.id,
      number: session.state.slides.indexOf(slide) + 1,
      source: fields.source.value,
      notes: fields.notes.value,
      base: previous ? previous.base : session.state.version,
    });
    this.list.markUnsaved(slide.id, true);
    this.preview.schedule();
  }
}
