// The audience's follow page, and the controlled projector (same page, no
// browsing): shows the step the speaker is on, live.
//
// Followers may browse on their own (swipe, tap the arrows, arrow keys), or
// read the whole deck as one page at their own pace; the page then stops
// following and offers "Back to live". The server's state counts slides and
// steps from 0, the slide markup from 1.
//
// For screen readers: one polite live region tells each move once (the
// slide's heading, or "Slide 12"); slides not on screen are inert, so focus
// never lands in them. Each follower's display (text size, high contrast,
// reduced motion) is kept on their device (follow-display.js).

import { bindSwipe, keyAction } from "./deck-keys.js";
import { DeckNavigation, stepCountsFrom } from "./deck-navigation.js";
import { fitStage, loadSlideImages, showStep } from "./deck-view.js";
import { LiveConnection, readConfig } from "./live-connection.js";
import { ScreenWakeLock } from "./wake-lock.js";
import { forgetDeck, keepOffline } from "./offline-readiness.js";
import { showPointer } from "./pointer-dot.js";
import { typeCommands } from "./typing.js";
import { bindDisplaySettings } from "./follow-display.js";
import { ReadingView } from "./follow-reading.js";

const STATUS_TEXT = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  polling: "Live (slow connection)",
  closed: "This link no longer works.",
};

const root = document.querySelector("[data-live-page]");
const config = readConfig();
// The talk's status texts, from presenter/models.py.
const labels = JSON.parse(document.getElementById("live-labels").textContent);
const canBrowse = config.mode === "follower";
const slides = root.querySelector("[data-deck-slides]");
const blackoutCover = root.querySelector("[data-blackout]");
const backToLive = root.querySelector("[data-back-to-live]");
const statusText = root.querySelector("[data-status-text]");
const position = root.querySelector("[data-browse-position]");
const stage = root.querySelector("[data-stage]");
const announcer = root.querySelector("[data-announcer]");
const reading = root.querySelector("[data-reading]") && new ReadingView(root, slides);

let live = config.state;
let following = true;
let connectionStatus = "connecting";
// Why the server refused this page's stream (too many open), until it opens again.
let busyMessage = "";
const wakeLock = new ScreenWakeLock();

const navigation = new DeckNavigation(stepCountsFrom(slides), positionOf(live));

function positionOf(state) {
  return { slide: state.slide + 1, step: state.step + 1, blackout: following && state.blackout };
}

function show({ slide, step, blackout }) {
  const shown = showStep(slides, slide, step);
  loadSlideImages(slides, slide + 1);
  for (const element of slides.querySelectorAll("[data-slide]")) element.inert = !element.hasAttribute("data-current");
  blackoutCover.hidden = !blackout;
  root.dataset.position = `${slide}.${step}${blackout ? " blackout" : ""}`;
  announceMove(shown, slide, step, blackout);
  showStatus();
}

// Said once per move: the same position shown again (the navigation's change
// event and the page both show it) says nothing more.
let announced = null;
function announceMove(shown, slide, step, blackout) {
  const key = root.dataset.position;
  if (!announcer || key === announced || (reading && reading.open)) return;
  const previous = announced;
  announced = key;
  if (blackout) return say("The speaker has blanked the screen.");
  const count = navigation.slideCount;
  const sameSlide = previous !== null && previous.split(".")[0] === String(slide) && !previous.endsWith("blackout");
  if (sameSlide) {
    const steps = slides.querySelectorAll(`[data-slide="${slide}"] > [data-step]`).length;
    return say(`Slide ${slide}, step ${step} of ${steps}`);
  }
  const heading = shown && shown.querySelector("h1, h2, h3, h4, h5, h6");
  const title = heading ? heading.textContent.trim() : "";
  say(title ? `${title} (slide ${slide} of ${count})` : `Slide ${slide} of ${count}`);
}

function say(text) {
  if (announcer) announcer.textContent = text;
}

function showStatus() {
  wakeLock.set(live.status === "live");
  root.dataset.status = live.status;
  root.dataset.following = String(following);
  root.dataset.connection = connectionStatus;
  for (const notice of root.querySelectorAll("[data-notice]")) {
    notice.hidden = connectionStatus === "closed" || !(following && notice.dataset.notice === live.status);
  }
  if (backToLive) backToLive.hidden = following || live.status !== "live";
  const covered = root.querySelector("[data-notice]:not([hidden])") || !blackoutCover.hidden || (reading && reading.open);
  stage.inert = Boolean(covered);
  if (reading) reading.showStatus(live.status, connectionStatus);
  if (live.status === "ended") statusText.textContent = labels.status.ended;
  else if (busyMessage && connectionStatus === "polling") statusText.textContent = busyMessage;
  else statusText.textContent = STATUS_TEXT[connectionStatus];
  if (position) {
    position.textContent = following
      ? ""
      : `Slide ${navigation.slide} of ${navigation.slideCount} · live on ${live.slide + 1}`;
  }
}

function followLive() {
  if (connectionStatus === "closed") return;
  if (reading && reading.open) reading.close();
  following = true;
  navigation.goTo(live.slide + 1, live.step + 1, { blackout: live.blackout, source: "live" });
  show(navigation.position);
}

// A step of the follower's own: "next", "previous" or "first".
function browse(direction) {
  if (!canBrowse || live.status === "waiting" || connectionStatus === "closed") return;
  following = false;
  if (navigation.blackout) navigation.goTo(navigation.slide, navigation.step, { blackout: false, source: "user" });
  if (direction === "next") navigation.next("user");
  else if (direction === "previous") navigation.previous("user");
  else navigation.first("user");
  // Catching up by hand onto the live step is following again.
  if (live.status === "live" && navigation.slide === live.slide + 1 && navigation.step === live.step + 1) following = true;
  show(navigation.position);
}

navigation.addEventListener("change", ({ detail }) => show(detail));
// A room's projector types a session's commands out; a follower's phone shows them typed.
if (config.mode === "projector") typeCommands(slides, navigation, Number(root.dataset.typingSpeed));

const connection = new LiveConnection({ ...config, state: live });
connection.addEventListener("state", ({ detail }) => {
  if (live.status !== "ended" && detail.status === "ended") say("This talk has ended.");
  live = detail;
  if (following) followLive();
  else showStatus();
});
connection.addEventListener("closed", ({ detail }) => {
  if (detail && detail.message) STATUS_TEXT.closed = detail.message;
  connectionStatus = "closed";
  // The access this page had is over: its slides go, here and from the offline copy.
  slides.replaceChildren();
  if (reading) reading.clear();
  say(STATUS_TEXT.closed);
  forgetDeck();
  showStatus();
});
showPointer(connection, root.querySelector("[data-stage]"));
connection.addEventListener("status", ({ detail }) => {
  if (detail.status === "reconnecting" && connectionStatus !== "reconnecting") say(STATUS_TEXT.reconnecting);
  connectionStatus = detail.status;
  if (connectionStatus === "live") busyMessage = "";
  showStatus();
});
connection.addEventListener("busy", ({ detail }) => {
  busyMessage = detail.message;
  showStatus();
});

if (canBrowse) {
  root.querySelector("[data-previous]").addEventListener("click", () => browse("previous"));
  root.querySelector("[data-next]").addEventListener("click", () => browse("next"));
  backToLive.addEventListener("click", followLive);
  for (const button of root.querySelectorAll("[data-browse]")) {
    button.addEventListener("click", () => browse("first"));
  }
  const keyActions = { next: () => browse("next"), previous: () => browse("previous"), live: followLive };
  root.querySelector("[data-enter-reading]").addEventListener("click", () => {
    if (live.status === "waiting" || connectionStatus === "closed") return;
    following = false;
    reading.show(navigation.slide);
    showStatus();
  });
  root.querySelector("[data-leave-reading]").addEventListener("click", () => {
    followLive();
    root.querySelector("[data-enter-reading]").focus();
  });
  document.addEventListener("keydown", (event) => {
    const action = keyAction(event);
    if (!Object.hasOwn(keyActions, action)) return;
    // While reading, the keys scroll the page; L still goes back to live.
    if (reading.open && action !== "live") return;
    event.preventDefault();
    keyActions[action]();
  });
  bindSwipe(slides, { next: () => browse("next"), previous: () => browse("previous") });
}

if (root.querySelector("[data-display-panel]")) bindDisplaySettings(root);
fitStage(stage, root.querySelector("[data-box]"));
show(navigation.position);
connection.start();
keepOffline();
