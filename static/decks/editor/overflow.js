// Deck health's "runs past the slide": every step of the deck drawn at its
// size, out of sight, in the deck's look, its pictures fitted as every page
// fits them (presenter/fit-images.js); the steps that still overflow are
// reported to the server, which answers with the deck's health. Again a
// moment after each save, as the text or the pictures may have changed.

import { fitImages } from "../../presenter/fit-images.js";
import { slideMarkup } from "./slide-markup.js";

const AFTER_SAVE_MS = 1500;

function drawn(image) {
  if (image.complete) return Promise.resolve();
  return new Promise((done) => {
    image.addEventListener("load", done, { once: true });
    image.addEventListener("error", done, { once: true });
  });
}

export class OverflowCheck {
  /** `onHealth(result)` gets the server's answer: `health` and `health_html`. */
  constructor({ api, measureUrl, recordUrl, onHealth }) {
    Object.assign(this, { api, measureUrl, recordUrl, onHealth });
    this.timer = null;
    this.running = null;
    this.again = false;
    this.box = document.createElement("div");
    this.box.className = "overflow-measure";
    this.box.setAttribute("aria-hidden", "true");
    this.box.inert = true;
    document.body.append(this.box);
  }

  schedule(delay = AFTER_SAVE_MS) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delay);
  }

  async run() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.measure().catch(() => null); // the next save measures again
    await this.running;
    this.running = null;
    if (this.again) {
      this.again = false;
      this.schedule(0);
    }
  }

  async measure() {
    const { slides } = await this.api.get(this.measureUrl);
    const reports = [];
    for (const slide of slides) {
      const drawnSteps = slide.steps.map((step) => slideMarkup(step.classes, step.html));
      this.box.replaceChildren(...drawnSteps);
      await Promise.all([...this.box.querySelectorAll("img")].map(drawn));
      await document.fonts.ready;
      const steps = [];
      drawnSteps.forEach((markup, index) => {
        if (fitImages(markup.querySelector(".slide-content"))) steps.push(index + 1);
      });
      reports.push({ id: slide.id, key: slide.key, steps });
    }
    this.box.replaceChildren();
    this.onHealth(await this.api.post(this.recordUrl, { slides: reports }));
  }
}
