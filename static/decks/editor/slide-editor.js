// The selected slide's shorthand and notes. Typing queues a save of the
// slide and refreshes the preview. The notes box and a `Note:` in the
// shorthand are one notes text: a save gathers them (the server answers with
// the slide as stored), and the fields show it so once the caret leaves the
// shorthand. Both are code editors with one undo history for the session:
// undo takes back the last change on any slide, showing that slide first.

import { CodeField, EditHistory } from "./code-field.js";
import { elementsOf } from "./elements.js";
import { drawGutter, followScroll, hasFocus, replaceText } from "./lines.js";

export class SlideEditor {
  /**
   * `shorthand`: the shorthand's language for the code editor; `completion`: its image names;
   * `onImages(files)`: uploads pasted images, resolving to their names.
   */
  constructor(panel, { session, queue, list, shorthand, completion, onImages }) {
    Object.assign(this, { session, queue, list });
    this.number = panel.querySelector("[data-slide-number]");
    this.fields = elementsOf(panel, {
      source: "[data-source]",
      notes: "[data-notes]",
      gutter: "[data-gutter]",
      errors: "[data-errors]",
    });
    this.preview = null; // set by attachPreview: the preview reads these fields
    this.stored = null; // { change, saved }: the slide as a save stored it, to show once the caret leaves
    const { source, notes, gutter } = this.fields;
    const keyOf = () => this.session.selectedId;
    this.edits = new EditHistory((id) => this.list.onSelect(id));
    new CodeField(source, {
      language: shorthand,
      completion,
      keyOf,
      history: this.edits,
      onImages,
    });
    new CodeField(notes, { keyOf, history: this.edits, numbered: false });
    source.addEventListener("input", () => {
      this.preview.unpin();
      drawGutter(source, gutter, []);
      this.onInput();
    });
    source.addEventListener("blur", () => this.showStored());
    notes.addEventListener("input", () => this.onInput());
    followScroll(source, gutter);
    panel.querySelector("[data-add-step]").addEventListener("click", () => this.addBuildStep());
    // For a tablet without a keyboard: the buttons do what Ctrl+Z, Ctrl+Y and Ctrl+F do.
    panel.querySelector("[data-undo]").addEventListener("click", () => this.edits.undo());
    panel.querySelector("[data-redo]").addEventListener("click", () => this.edits.redo());
    panel.querySelector("[data-find]").addEventListener("click", () => source.codeField.openSearch());
  }

  /**
   * Starts a build step after the caret's line: `--`, then a blank line, so that what is typed next
   * shows on a line of its own (without it, remark ran the new step's text on from the last line).
   */
  addBuildStep() {
    const field = this.fields.source;
    if (field.disabled) return;
    const { value, selectionStart } = field;
    const lineStart = value.lastIndexOf("\n", selectionStart - 1) + 1;
    const found = value.indexOf("\n", selectionStart);
    const lineEnd = found < 0 ? value.length : found;
    const blank = !value.slice(lineStart, lineEnd).trim();
    const before = blank ? value.slice(0, lineStart) : `${value.slice(0, lineEnd)}\n`;
    const step = "--\n\n";
    replaceText(field, before + step + value.slice(lineEnd), before.length + step.length);
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
    this.stored = null;
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

  /**
   * After a save of slide text: the slide as stored (`saved`: its text, steps and problems) when
   * it differs from what was sent (`change`) and nothing was typed since.
   */
  adoptSaved(change, saved) {
    const { source, notes } = this.fields;
    if (this.session.selectedId !== change.id || source.value !== change.source || notes.value !== change.notes) {
      return;
    }
    if (saved.source === change.source && saved.notes === change.notes) return;
    this.stored = { change, saved };
    if (!hasFocus(source)) this.showStored();
  }

  showStored() {
    const { stored, fields } = this;
    this.stored = null;
    if (!stored || this.session.selectedId !== stored.change.id) return;
    const { change, saved } = stored;
    const { source, notes } = fields;
    if (source.value !== change.source || notes.value !== change.notes) return;
    // Notes from the shorthand come before the box's own text: a caret in the box keeps its place.
    const inNotes = hasFocus(notes);
    const moved = saved.notes.length - notes.value.length;
    const [start, end] = [notes.selectionStart, notes.selectionEnd];
    source.value = saved.source;
    notes.value = saved.notes;
    if (inNotes) notes.setSelectionRange(start + moved, end + moved);
    drawGutter(source, fields.gutter, saved.errors);
    this.preview.showResult(saved);
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
