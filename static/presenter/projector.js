// The projector (audience) page: one step at a time, full window.
import { DeckNavigation, bindHash, parseHash, stepCountsFrom } from "./deck-navigation.js";
import { bindKeys, bindSwipe, toggleFullscreen } from "./deck-keys.js";
import { syncWindows } from "./deck-sync.js";
import { fitLastSteps, fitStage, loadSlideImages, prepareFitting, showStep } from "./deck-view.js";
import { followTalk } from "./wake-lock.js";
import { keepOffline } from "./offline-readiness.js";

const page = document.querySelector("[data-projector]");
const stage = page.querySelector("[data-stage]");
const slides = page.querySelector("[data-deck-slides]");
const blackout = page.querySelector("[data-blackout]");
const overview = page.querySelector("[data-overview]");
const help = page.querySelector("[data-help]");
const jumpTo = page.querySelector("[data-jump-to]");

const navigation = new DeckNavigation(stepCountsFrom(slides), parseHash(location.hash) || {});
// For scripts that build on this page (the live projector) and for tests.
page.navigation = navigation;

function render({ slide, step, blackout: black }) {
  showStep(slides, slide, step);
  blackout.hidden = !black;
  // The images of this slide's later builds and of the next slide load now,
  // so a click never shows them half-loaded.
  loadSlideImages(slides, slide);
  loadSlideImages(slides, slide + 1);
  page.dataset.position = `${slide}.${step}${black ? " blackout" : ""}`;
}

navigation.addEventListener("change", ({ detail }) => render(detail));
// Only a deck with typed commands or code that steps loads their module.
if (slides.querySelector(".session-typed")) {
  import("./typing.js").then((typing) => typing.typeCommands(slides, navigation, Number(page.dataset.typingSpeed)));
}
if (slides.querySelector("pre.code-steps")) import("./code-steps.js").then((code) => code.glideCode(slides, navigation));
prepareFitting(slides);
render(navigation.position);
fitStage(stage, page);
bindHash(navigation);
syncWindows(navigation, page.dataset.deckSlug);
followTalk(page.dataset.deckSlug, navigation);
keepOffline();

function buildOverview() {
  const list = document.createElement("ol");
  for (const slide of slides.querySelectorAll("[data-slide]")) {
    const number = Number(slide.dataset.slide);
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "overview-item";
    button.dataset.goto = String(number);
    button.setAttribute("aria-label", `Slide ${number}`);
    const frame = document.createElement("div");
    frame.className = "overview-frame";
    const last = slide.querySelector("[data-last-step]").cloneNode(true);
    last.removeAttribute("data-last-step");
    last.removeAttribute("data-current");
    last.setAttribute("aria-hidden", "true");
    last.inert = true;
    frame.append(last);
    const label = document.createElement("span");
    label.className = "overview-number";
    label.textContent = String(number);
    button.append(frame, label);
    item.append(button);
    list.append(item);
  }
  list.addEventListener("click", (event) => {
    const button = event.target.closest("[data-goto]");
    if (!button) return;
    closeOverlays();
    navigation.goTo(Number(button.dataset.goto), 1, { source: "click" });
  });
  overview.append(list);
}

function toggleOverview() {
  const opening = overview.hidden;
  closeOverlays();
  if (!opening) return;
  if (!overview.firstChild) buildOverview();
  overview.hidden = false;
  const current = overview.querySelector(`[data-goto="${navigation.slide}"]`);
  current.setAttribute("aria-current", "true");
  current.focus();
  current.scrollIntoView({ block: "center" });
}

function toggleHelp() {
  const opening = help.hidden;
  closeOverlays();
  help.hidden = !opening;
}

function closeOverlays() {
  overview.hidden = true;
  help.hidden = true;
  for (const item of overview.querySelectorAll("[aria-current]")) item.removeAttribute("aria-current");
}

const overlayOpen = () => !overview.hidden || !help.hidden;

bindKeys(navigation, {
  actions: { fullscreen: toggleFullscreen, overview: toggleOverview, help: toggleHelp, close: closeOverlays },
  navigationAllowed: () => !overlayOpen(),
  showJump: (typed) => {
    jumpTo.hidden = !typed;
    jumpTo.textContent = typed ? `Go to slide ${typed}` : "";
  },
});

// Click or tap advances, except on a link or control inside the slide.
stage.addEventListener("click", (event) => {
  if (event.target.closest("a[href], button, input, select, textarea, summary")) return;
  navigation.next("click");
});
blackout.addEventListener("click", () => navigation.next("click"));
// Printing shows every slide: their images are needed now.
window.addEventListener("beforeprint", () => {
  for (const image of slides.querySelectorAll("img[loading='lazy']")) image.loading = "eager";
  fitLastSteps(slides);
});
help.addEventListener("click", closeOverlays);

// The owner's quiet link to the presenter view, shown a moment after the
// pointer moves. The window the presenter view opened needs none: that view is open.
const ownerLink = page.querySelector("[data-owner-link]");
if (ownerLink && window.name.startsWith("talks-projector-")) ownerLink.remove();
else if (ownerLink) {
  let hideLater;
  const show = () => {
    ownerLink.dataset.showing = "";
    clearTimeout(hideLater);
    hideLater = setTimeout(() => delete ownerLink.dataset.showing, 2500);
  };
  page.addEventListener("pointermove", show);
}

bindSwipe(page, {
  next: () => navigation.next("swipe"),
  previous: () => navigation.previous("swipe"),
  allowed: () => !overlayOpen(),
});
