// The presenter (speaker) page: current and next step, notes, timer, clock,
// and the projector window kept in step through deck-sync.js.
import { DeckNavigation, bindHash, formatHash, parseHash, stepCountsFrom } from "./deck-navigation.js";
import { bindKeys, toggleFullscreen } from "./deck-keys.js";
import { syncWindows } from "./deck-sync.js";
import { fitStage, loadImages, loadSlideImages, stepElement } from "./deck-view.js";
import { announceTalk } from "./wake-lock.js";
import { bindPace } from "./pace.js";
import { keepOffline } from "./offline-readiness.js";
import { describe } from "./offline-words.js";
import { TalkClock, clockText } from "./talk-clock.js";

const page = document.querySelector("[data-presenter]");
const slug = page.dataset.deckSlug;
const library = page.querySelector("[data-deck-slides]");
const currentStage = page.querySelector("[data-stage-current]");
const nextStage = page.querySelector("[data-stage-next]");
const notes = page.querySelector("[data-notes]");
const help = page.querySelector("[data-help]");
const $ = (selector) => page.querySelector(selector);

const navigation = new DeckNavigation(stepCountsFrom(library), parseHash(location.hash) || {});
page.navigation = navigation;
// Set by the live panel (live-panel.js) from the server; while the talk is live it is the elapsed time.
const talkClock = new TalkClock(page.dataset.clockUrl);
page.talkClock = talkClock;

function copyOfStep(slide, step) {
  const original = stepElement(library, slide, step);
  // A deck without slides has nothing to copy.
  if (!original) return document.createTextNode("");
  const copy = original.cloneNode(true);
  copy.removeAttribute("data-last-step");
  loadImages(copy);
  return copy;
}

function render({ slide, step, blackout }) {
  currentStage.replaceChildren(copyOfStep(slide, step));
  const atEnd = navigation.isAtEnd();
  const next = navigation.nextPosition({ slide, step });
  nextStage.replaceChildren(...(atEnd ? [] : [copyOfStep(next.slide, next.step)]));
  $("[data-end]").hidden = !atEnd;
  $("[data-frame-next]").hidden = atEnd;
  $("[data-next-title]").textContent = atEnd ? "Next" : next.slide === slide ? "Next: build step" : `Next: slide ${next.slide}`;
  // The projector window preloads these too; warming the cache here helps it.
  loadSlideImages(library, slide + 1);

  for (const block of notes.querySelectorAll("[data-notes-for]")) block.hidden = block.dataset.notesFor !== `${slide}.${step}`;
  notes.scrollTop = 0;

  const steps = navigation.stepCounts[slide - 1];
  $("[data-position-text]").textContent = !navigation.slideCount
    ? "No slides yet"
    : `slide ${slide} / ${navigation.slideCount}` + (steps > 1 ? ` · step ${step} / ${steps}` : "");
  $("[data-progress]").value = slide;
  $("[data-blackout-badge]").hidden = !blackout;
  page.classList.toggle("is-blackout", blackout);
  page.dataset.position = `${slide}.${step}${blackout ? " blackout" : ""}`;
}

navigation.addEventListener("change", ({ detail }) => {
  render(detail);
  timer.startOnFirstMove();
});

// Elapsed time. While the talk is live it is the talk clock, counted on the
// server from Go live, the same in every tab and on the remote. Otherwise
// (rehearsing, or no server) it is this window's own timer, kept across reloads.
const timer = {
  live() { return talkClock.status === "live" && talkClock.elapsed() !== null; },
  key: `talks-timer:${slug}`,
  state: { running: false, startedAt: 0, before: 0 },
  load() {
    try { Object.assign(this.state, JSON.parse(sessionStorage.getItem(this.key)) || {}); } catch { /* a fresh timer */ }
  },
  save() { sessionStorage.setItem(this.key, JSON.stringify(this.state)); },
  elapsed() {
    if (this.live()) return talkClock.elapsed();
    return this.state.before + (this.state.running ? Date.now() - this.state.startedAt : 0);
  },
  toggle() {
    if (this.live()) return;
    const s = this.state;
    if (s.running) Object.assign(s, { running: false, before: this.elapsed() });
    else Object.assign(s, { running: true, startedAt: Date.now() });
    this.save();
    this.show();
  },
  reset() {
    if (this.live()) return;
    Object.assign(this.state, { running: false, startedAt: 0, before: 0 });
    this.save();
    this.show();
  },
  startOnFirstMove() {
    if (!this.live() && !this.state.running && this.elapsed() === 0) this.toggle();
  },
  show() {
    const live = this.live();
    const elapsed = $("[data-elapsed]");
    elapsed.textContent = clockText(this.elapsed(), { hours: true });
    elapsed.dataset.elapsedSeconds = String(Math.floor(this.elapsed() / 1000));
    elapsed.title = live ? "Since Go live" : "";
    $("[data-timer-reset]").hidden = live;
    const button = $("[data-timer-toggle]");
    button.hidden = live;
    button.textContent = this.state.running ? "Pause" : this.elapsed() ? "Resume" : "Start";
    button.setAttribute("aria-pressed", String(this.state.running));
  },
};

function showClock() {
  const clock = $("[data-clock]");
  const now = new Date();
  clock.dateTime = now.toISOString();
  clock.textContent = now.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

// The talk is on while it is live, or once the timer runs, until it ends.
const talk = announceTalk(slug);
function isTalkOn() {
  const panel = document.querySelector("[data-live-panel]");
  const body = document.querySelector("[data-live-panel-body]");
  const status = panel?.dataset.status || body?.dataset.status;
  return status === "live" || (timer.elapsed() > 0 && status !== "ended");
}

const pace = bindPace(page, navigation, () => timer.elapsed());
bindRehearsalButton();
keepOffline((progress) => { $("[data-offline-readiness]").textContent = describe(progress); });

// The rehearsal recorder (rehearsal.js) is fetched when a run starts, or at
// once when a run was under way before the window was reloaded: until then
// it has nothing to time.
function bindRehearsalButton() {
  const key = `talks-rehearsal:${slug}`;
  // While live, a run is timed on the talk clock: it is not restarted.
  const options = { key, pace, restartTimer: () => { if (!timer.live()) { timer.reset(); timer.toggle(); } } };
  const load = async () => (await import("./rehearsal.js")).bindRehearsal(page, navigation, options);
  let underWay = false;
  try { underWay = Boolean(sessionStorage.getItem(key)); } catch { /* no storage: no run to carry on */ }
  const button = $("[data-rehearse]");
  // If the module cannot be fetched (offline, not kept yet), the next press tries again.
  const firstPress = () => load().then((rehearsal) => rehearsal.toggle(), () => button.addEventListener("click", firstPress, { once: true }));
  if (underWay) load();
  else button.addEventListener("click", firstPress, { once: true });
}

function tick() {
  timer.show();
  showClock();
  talk.set(isTalkOn());
  pace.show();
}

// Notes size and layout, remembered on this computer for each deck (a deck
// with long notes wants them smaller); a new deck starts from the last size.
const NOTES_SIZES = [16, 18, 20, 24, 28, 32, 40, 48, 56, 64];
const notesSizeKey = `talks-notes-size:${slug}`;
const notesLayoutKey = `talks-notes-large:${slug}`;
let notesSize = Number(localStorage.getItem(notesSizeKey) || localStorage.getItem("talks-notes-size")) || 28;
function resizeNotes(direction) {
  const index = NOTES_SIZES.findIndex((size) => size >= notesSize);
  const at = index === -1 ? NOTES_SIZES.length - 1 : index;
  notesSize = NOTES_SIZES[Math.min(Math.max(at + direction, 0), NOTES_SIZES.length - 1)];
  localStorage.setItem(notesSizeKey, String(notesSize));
  localStorage.setItem("talks-notes-size", String(notesSize));
  notes.style.setProperty("--notes-size", `${notesSize}px`);
}

function setNotesLarge(large) {
  page.classList.toggle("notes-large", large);
  $("[data-notes-layout]").setAttribute("aria-pressed", String(large));
  localStorage.setItem(notesLayoutKey, large ? "1" : "");
}

function openProjector() {
  const url = page.dataset.projectorUrl + formatHash(navigation.position);
  const opened = window.open(url, `talks-projector-${slug}`, "popup,width=1280,height=720");
  const link = $("[data-projector-link]");
  link.href = url;
  // A blocked popup returns null: offer a plain link instead.
  link.hidden = Boolean(opened);
}

function toggleHelp() { help.hidden = !help.hidden; }

render(navigation.position);
fitStage(currentStage, $("[data-frame-current]"));
fitStage(nextStage, $("[data-frame-next]"));
timer.load();
bindHash(navigation);
syncWindows(navigation, slug);
resizeNotes(0);
setNotesLarge(Boolean(localStorage.getItem(notesLayoutKey)));
tick();
setInterval(tick, 250);

bindKeys(navigation, {
  actions: {
    open_projector: openProjector,
    timer: () => timer.toggle(),
    reset_timer: () => timer.reset(),
    larger_notes: () => resizeNotes(1),
    smaller_notes: () => resizeNotes(-1),
    fullscreen: toggleFullscreen,
    help: toggleHelp,
    close: () => { help.hidden = true; },
    questions: () => { pace.toggleQuestions(); pace.show(); },
    notes_large: () => setNotesLarge(!page.classList.contains("notes-large")),
  },
  navigationAllowed: () => help.hidden,
  showJump: (typed) => {
    const jumpTo = $("[data-jump-to]");
    jumpTo.hidden = !typed;
    jumpTo.textContent = typed ? `Go to slide ${typed}` : "";
  },
});

const buttons = {
  "[data-open-projector]": openProjector,
  "[data-timer-toggle]": () => timer.toggle(),
  "[data-timer-reset]": () => timer.reset(),
  "[data-notes-larger]": () => resizeNotes(1),
  "[data-notes-smaller]": () => resizeNotes(-1),
  "[data-notes-layout]": () => setNotesLarge(!page.classList.contains("notes-large")),
  "[data-previous]": () => navigation.previous("click"),
  "[data-next]": () => navigation.next("click"),
  "[data-show-help]": toggleHelp,
};
for (const [selector, action] of Object.entries(buttons)) {
  $(selector).addEventListener("click", (event) => {
    action();
    // Keys go back to the deck, not to the button just clicked.
    event.currentTarget.blur();
  });
}
help.addEventListener("click", () => { help.hidden = true; });
