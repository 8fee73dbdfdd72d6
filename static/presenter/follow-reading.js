// Reading at one's own pace: every slide of the deck (its last step), one
// after the other, as one scrolling page of text. The speaker's notes are
// never in the follow page; each image's description is shown under it.

export class ReadingView {
  constructor(root, slides) {
    this.root = root;
    this.slides = slides;
    this.section = root.querySelector("[data-reading]");
    this.list = this.section.querySelector("[data-reading-slides]");
    this.title = this.section.querySelector("[data-reading-title]");
    this.leave = this.section.querySelector("[data-leave-reading]");
    this.enter = root.querySelector("[data-enter-reading]");
  }

  get open() {
    return !this.section.hidden;
  }

  /** Opens the page of every slide, scrolled to `slideNumber`, with focus on its title. */
  show(slideNumber) {
    if (!this.list.childElementCount) this.fill();
    this.section.hidden = false;
    this.root.dataset.view = "reading";
    this.enter.hidden = true;
    const target = this.list.querySelector(`[data-reading-slide="${Number(slideNumber)}"]`);
    this.title.focus();
    if (target && slideNumber > 1) target.scrollIntoView({ block: "start" });
  }

  close() {
    this.section.hidden = true;
    this.root.dataset.view = "live";
    this.enter.hidden = false;
  }

  clear() {
    this.close();
    this.list.replaceChildren();
  }

  showStatus(status, connection) {
    this.leave.textContent = status === "live" ? "Back to live" : "Back to the talk";
    this.enter.disabled = status === "waiting" || connection === "closed";
  }

  fill() {
    const slides = [...this.slides.querySelectorAll("[data-slide]")];
    this.list.replaceChildren(
      ...slides.map((slide) => {
        const number = slide.dataset.slide;
        const article = document.createElement("article");
        article.className = "live-reading-slide";
        article.dataset.readingSlide = number;
        article.setAttribute("aria-label", `Slide ${number} of ${slides.length}`);
        const label = document.createElement("p");
        label.className = "live-reading-number";
        label.textContent = `Slide ${number}`;
        const last = slide.querySelector("[data-last-step]") || slide.lastElementChild;
        const copy = last.cloneNode(true);
        for (const name of ["data-step", "data-last-step", "data-current"]) copy.removeAttribute(name);
        for (const element of copy.querySelectorAll("[id]")) element.removeAttribute("id");
        describeImages(copy);
        article.append(label, copy);
        return article;
      }),
    );
  }
}

// The description is the image's alt already; shown as text too for
// those who see the page, and hidden from screen readers, who hear the alt.
function describeImages(element) {
  for (const image of element.querySelectorAll("img, .slide-background[role='img']")) {
    image.loading = "eager";
    const text = (image.getAttribute("alt") || image.getAttribute("aria-label") || "").trim();
    if (!text) continue;
    const description = document.createElement("span");
    description.className = "live-reading-description";
    description.setAttribute("aria-hidden", "true");
    description.textContent = `Image: ${text}`;
    image.after(description);
  }
}
