// The talk clock, "Questions", and the pace indicator of the presenter view.
//
// The talk clock is the elapsed time less the time spent on questions:
// "Questions" (Q) stops it, and the pace with it, while the elapsed timer
// keeps running. The pace compares the talk clock with a plan (see
// presenter/rehearsals.py: a run's seconds per slide, or the target length
// spread by notes): behind when the plan had already left the current slide,
// ahead when it had not reached it yet. Time on questions is kept on this
// computer (every tab of the deck shares it), and cleared when the timer is reset.

const MINUTE = 60_000;
const QUIET_START = 30_000;

export class TalkPace extends EventTarget {
  constructor({ slug, elapsed, plans }) {
    super();
    this.elapsed = elapsed;
    this.plans = plans;
    this.key = `talks-questions:${slug}`;
    this.planKey = `talks-pace-plan:${slug}`;
    this.state = { since: 0, before: 0 };
    try { Object.assign(this.state, JSON.parse(localStorage.getItem(this.key)) || {}); } catch { /* none yet */ }
    const chosen = localStorage.getItem(this.planKey);
    this.plan = plans.find((plan) => plan.id === chosen) || plans[0] || null;
  }

  get inQuestions() { return Boolean(this.state.since); }

  questionsMs(now = Date.now()) {
    return this.state.before + (this.state.since ? now - this.state.since : 0);
  }

  talkMs(now = Date.now()) {
    return Math.max(0, this.elapsed() - this.questionsMs(now));
  }

  toggleQuestions() {
    const now = Date.now();
    if (this.state.since) this.state = { since: 0, before: this.questionsMs(now) };
    else this.state = { ...this.state, since: now };
    this.save();
    this.dispatchEvent(new CustomEvent("questions", { detail: { on: this.inQuestions } }));
  }

  reset() {
    const wasOn = this.inQuestions;
    this.state = { since: 0, before: 0 };
    this.save();
    if (wasOn) this.dispatchEvent(new CustomEvent("questions", { detail: { on: false } }));
  }

  choose(id) {
    this.plan = this.plans.find((plan) => plan.id === id) || this.plan;
    localStorage.setItem(this.planKey, this.plan ? this.plan.id : "");
  }

  save() { localStorage.setItem(this.key, JSON.stringify(this.state)); }

  // Minutes behind (positive) or ahead (negative) of the plan on `slide`.
  minutesOff(slide) {
    if (!this.plan || !this.plan.slideSeconds.length) return null;
    const seconds = this.plan.slideSeconds;
    const index = Math.min(slide, seconds.length) - 1;
    const start = seconds.slice(0, index).reduce((sum, value) => sum + value, 0) * 1000;
    const end = start + seconds[index] * 1000;
    const talk = this.talkMs();
    const off = talk > end ? talk - end : talk < start ? talk - start : 0;
    return Math.round(off / MINUTE);
  }

  describe(slide) {
    const minutes = this.minutesOff(slide);
    // Nothing to say in the first half minute: the talk has barely begun.
    if (minutes === null || this.talkMs() < QUIET_START) return "";
    if (minutes === 0) return "on time";
    return `${Math.abs(minutes)} min ${minutes > 0 ? "behind" : "ahead"}`;
  }
}

function clockText(ms) {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

// Wires the pace part of the presenter bar; `show()` is called on every tick.
export function bindPace(page, navigation, elapsed) {
  const config = document.getElementById("pace-plans");
  const plans = config ? JSON.parse(config.textContent) : [];
  const pace = new TalkPace({ slug: page.dataset.deckSlug, elapsed, plans });
  const talkClock = page.querySelector("[data-talk-clock]");
  const text = page.querySelector("[data-pace]");
  const button = page.querySelector("[data-questions]");
  const select = page.querySelector("[data-pace-plan]");

  for (const plan of plans) select.append(new Option(plan.label, plan.id, false, plan === pace.plan));
  select.hidden = !plans.length;
  select.addEventListener("change", () => { pace.choose(select.value); show(); select.blur(); });
  button.addEventListener("click", () => { pace.toggleQuestions(); show(); button.blur(); });

  function show() {
    if (!elapsed() && (pace.state.before || pace.state.since)) pace.reset();
    talkClock.textContent = clockText(pace.talkMs());
    const description = pace.describe(navigation.slide);
    text.textContent = description;
    text.dataset.pace = description.split(" ").pop() || "";
    button.textContent = pace.inQuestions ? "Back to the talk" : "Questions";
    button.setAttribute("aria-pressed", String(pace.inQuestions));
    page.classList.toggle("in-questions", pace.inQuestions);
  }

  pace.show = show;
  navigation.addEventListener("change", show);
  show();
  return pace;
}
