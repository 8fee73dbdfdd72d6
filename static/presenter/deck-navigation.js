// Where a deck is being shown: slide, step and blackout, nothing else.
//
// Slide and step numbers are 1-based, as the audience and the address (#12.2)
// see them. Every change, whatever caused it, dispatches one "change" event
// whose detail is {slide, step, blackout, source}; `source` says where it came
// from ("key", "click", "hash", "sync", …) so a listener that relays changes
// elsewhere can skip the ones it caused itself. Setting the position it already
// has dispatches nothing, which keeps relays from echoing forever.

export class DeckNavigation extends EventTarget {
  constructor(stepCounts, { slide = 1, step = 1, blackout = false } = {}) {
    super();
    this.stepCounts = stepCounts;
    this.state = this.#clamp(slide, step, blackout);
  }

  get slide() { return this.state.slide; }
  get step() { return this.state.step; }
  get blackout() { return this.state.blackout; }
  get slideCount() { return this.stepCounts.length; }
  get position() { return { ...this.state }; }

  goTo(slide, step = 1, { blackout = this.state.blackout, source = "api" } = {}) {
    const next = this.#clamp(slide, step, blackout);
    const now = this.state;
    if (next.slide === now.slide && next.step === now.step && next.blackout === now.blackout) return false;
    this.state = next;
    this.dispatchEvent(new CustomEvent("change", { detail: { ...next, source } }));
    return true;
  }

  // Like a projector remote: while the screen is black, next and previous
  // only bring the slide back.
  next(source = "api") {
    if (this.blackout) return this.goTo(this.slide, this.step, { blackout: false, source });
    const { slide, step } = this.nextPosition();
    return this.goTo(slide, step, { source });
  }

  previous(source = "api") {
    if (this.blackout) return this.goTo(this.slide, this.step, { blackout: false, source });
    const { slide, step } = this.previousPosition();
    return this.goTo(slide, step, { source });
  }

  first(source = "api") { return this.goTo(1, 1, { source }); }
  last(source = "api") { return this.goTo(this.slideCount, this.stepCounts[this.slideCount - 1], { source }); }

  toggleBlackout(source = "api") {
    return this.goTo(this.slide, this.step, { blackout: !this.blackout, source });
  }

  // The step after the current one: the next build of this slide, else the
  // first step of the next slide; null at the end of the deck.
  nextPosition({ slide, step } = this.state) {
    if (step < this.stepCounts[slide - 1]) return { slide, step: step + 1 };
    if (slide < this.slideCount) return { slide: slide + 1, step: 1 };
    return { slide, step };
  }

  previousPosition({ slide, step } = this.state) {
    if (step > 1) return { slide, step: step - 1 };
    if (slide > 1) return { slide: slide - 1, step: this.stepCounts[slide - 2] };
    return { slide, step };
  }

  isAtEnd() {
    return this.slide === this.slideCount && this.step === this.stepCounts[this.slideCount - 1];
  }

  #clamp(slide, step, blackout) {
    const count = this.slideCount;
    const s = Math.min(Math.max(1, Math.trunc(Number(slide)) || 1), Math.max(count, 1));
    const steps = this.stepCounts[s - 1] || 1;
    const t = Math.min(Math.max(1, Math.trunc(Number(step)) || 1), steps);
    return { slide: s, step: t, blackout: Boolean(blackout) };
  }
}

// Steps per slide, read from the slide markup of templates/presenter/_slides.html.
export function stepCountsFrom(root) {
  return [...root.querySelectorAll("[data-slide]")].map((slide) => slide.querySelectorAll("[data-step]").length);
}

// "#12.2" -> {slide: 12, step: 2}; "#12" -> step 1; anything else -> null.
export function parseHash(hash) {
  const match = /^#(\d+)(?:\.(\d+))?$/.exec(hash || "");
  return match ? { slide: Number(match[1]), step: Number(match[2] || 1) } : null;
}

export function formatHash({ slide, step }) {
  return `#${slide}.${step}`;
}

// Keeps the address on the current step (without adding history entries, so
// Back leaves the deck) and follows it when someone edits it by hand.
export function bindHash(navigation) {
  navigation.addEventListener("change", ({ detail }) => {
    const hash = formatHash(detail);
    if (location.hash !== hash) history.replaceState(history.state, "", hash);
  });
  window.addEventListener("hashchange", () => {
    const target = parseHash(location.hash);
    if (target) navigation.goTo(target.slide, target.step, { source: "hash" });
  });
  const hash = formatHash(navigation.position);
  if (location.hash !== hash) history.replaceState(history.state, "", hash);
}
