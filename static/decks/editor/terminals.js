// The offer to write a terminal typed out by hand, slide after slide, once as
// a session (decks/views/sessions.py): the runs the server found in the
// deck, the session and every step it makes (shown before anything changes),
// and the change, made as a structure change once every edit is saved.

import { elementsOf } from "./elements.js";
import { slideMarkup } from "./slide-markup.js";

const STEP_SCALE = 0.2;

export class TerminalOffers {
  /** `structure` runs the change; `selectSlide(id)` shows the session slide after it. */
  constructor(panel, dialog, { session, api, urls, status, structure }) {
    Object.assign(this, { panel, dialog, session, api, urls, status, structure });
    Object.assign(
      this,
      elementsOf(dialog, {
        range: "[data-terminal-range]",
        summary: "[data-terminal-summary]",
        text: "[data-terminal-text]",
        steps: "[data-terminal-steps]",
        write: "[data-terminal-write]",
      }),
    );
    this.list = panel.querySelector("[data-terminal-offer-list]");
    this.notice = document.querySelector("[data-terminal-notice]");
    this.notice.addEventListener("click", (event) => {
      const button = event.target.closest("[data-terminal-first]");
      if (button) this.show(Number(button.dataset.terminalFirst));
    });
    this.run = null;
    this.list.addEventListener("click", (event) => {
      const button = event.target.closest("[data-terminal-first]");
      if (button) this.show(Number(button.dataset.terminalFirst));
    });
    this.write.addEventListener("click", () => this.writeOnce());
    dialog.querySelector("[data-terminal-cancel]").addEventListener("click", () => dialog.close());
  }

  render() {
    const runs = this.session.state.hand_copied_terminals || [];
    this.panel.hidden = !runs.length;
    this.list.replaceChildren(
      ...runs.map((run) => {
        const item = document.createElement("li");
        item.append(`Slides ${run.first}–${run.last}: one terminal over ${run.slide_count} slides. `);
        const button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.dataset.terminalFirst = String(run.first_slide);
        button.textContent = `Show the steps of slides ${run.first}–${run.last} written once`;
        item.append(button);
        return item;
      }),
    );
  }

  /** Says so beside the slide being edited when it is one of a run. */
  showFor(slideId) {
    const slides = this.session.state.slides;
    const number = slides.findIndex((slide) => slide.id === slideId) + 1;
    const run = (this.session.state.hand_copied_terminals || []).find((run) => run.first <= number && number <= run.last);
    this.notice.hidden = !run;
    if (!run) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "secondary";
    button.dataset.terminalFirst = String(run.first_slide);
    button.textContent = "Write it once…";
    this.notice.replaceChildren(
      `Slides ${run.first}–${run.last} repeat one terminal with a line more each time. `,
      button,
    );
  }

  async show(firstSlide) {
    let found;
    try {
      found = (await this.api.get(this.urls.terminals)).runs.find((run) => run.first_slide === firstSlide);
    } catch (error) {
      this.status.set("error", `Could not load the steps: ${error.message}`);
      return;
    }
    if (!found) {
      this.status.set("error", "Those slides changed since; the list of terminals is up to date again.");
      return;
    }
    this.run = found;
    this.range.textContent = `${found.first}–${found.last}`;
    this.summary.textContent =
      `Written once, slides ${found.first} to ${found.last} become one slide whose ${found.steps.length} steps ` +
      "are the ones the audience sees now, with the same notes. Exported for remark, it is written out as these slides again.";
    this.text.textContent = found.text;
    this.steps.replaceChildren(...found.steps.map((step, index) => this.stepItem(step, index)));
    this.dialog.showModal();
  }

  stepItem(step, index) {
    const item = document.createElement("li");
    item.className = "terminal-dialog-step";
    const number = document.createElement("p");
    number.className = "terminal-dialog-step-number";
    number.textContent = `Step ${index + 1}`;
    const frame = document.createElement("div");
    frame.className = "slide-frame";
    frame.style.setProperty("--slide-scale", String(STEP_SCALE));
    frame.append(slideMarkup(step.classes, step.html, { lazy: true }));
    item.append(number, frame);
    if (step.notes_html) {
      const notes = document.createElement("div");
      notes.className = "terminal-dialog-notes";
      const parsed = document.createElement("template");
      parsed.innerHTML = step.notes_html;
      notes.append(parsed.content);
      item.append(notes);
    }
    return item;
  }

  writeOnce() {
    const run = this.run;
    this.dialog.close();
    if (!run) return;
    const label = `Writing slides ${run.first}–${run.last} once`;
    this.structure.run(
      label,
      () => this.api.post(this.urls.writeTerminalOnce, { version: this.session.state.version, first_slide: run.first_slide }),
      (result) => result.slide,
    );
  }
}
