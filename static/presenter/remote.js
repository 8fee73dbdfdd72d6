// The phone remote (templates/presenter/remote.html).
//
// Every move carries the sequence of the state it was made from; the server
// refuses it (409) if the talk has moved since, and answers with where the
// talk is now. So a "next" retried after a lost answer never skips a step,
// and a phone that was asleep cannot pull the talk back: it resyncs instead.
// Nothing is queued: a move that cannot be sent says so, and is not sent later.

import { DeckNavigation, stepCountsFrom } from "./deck-navigation.js";
import { fitStage, loadImages, stepElement } from "./deck-view.js";
import { LiveConnection, readConfig } from "./live-connection.js";
import { PointerSender, fractionWithin } from "./pointer.js";
import { TalkClock, clockText } from "./talk-clock.js";

const SWIPE_PIXELS = 50;
const CONNECTION_TEXT = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  polling: "Live (slow connection)",
  offline: "Offline: moves are not sent",
  closed: "This link no longer works",
};

const root = document.querySelector("[data-remote]");
const config = readConfig("remote-config");
const library = root.querySelector("[data-deck-slides]");
const $ = (selector) => root.querySelector(selector);
const csrfToken = $("input[name=csrfmiddlewaretoken]").value;
const currentStage = $("[data-stage-current]");
const nextStage = $("[data-stage-next]");

let live = config.state;
let control = config.control;
const clock = new TalkClock(config.clockUrl, config.clock);
let sending = false;
let closed = false;
const navigation = new DeckNavigation(stepCountsFrom(library), positionOf(live));
const connection = new LiveConnection({ ...config, state: live });
const pointer = new PointerSender(config.pointerUrl, csrfToken);

function positionOf(state) {
  return { slide: state.slide + 1, step: state.step + 1, blackout: state.blackout };
}

function copyOfStep(slide, step) {
  const original = stepElement(library, slide, step);
  if (!original) return document.createTextNode("");
  const copy = original.cloneNode(true);
  copy.setAttribute("data-current", "");
  copy.removeAttribute("data-last-step");
  loadImages(copy);
  // The stage shows only [data-current] slides and steps (projector.css).
  const slideBox = document.createElement("section");
  slideBox.className = "slide";
  slideBox.setAttribute("data-current", "");
  slideBox.append(copy);
  const deckBox = document.createElement("div");
  deckBox.setAttribute("data-deck-slides", "");
  deckBox.append(slideBox);
  return deckBox;
}

// A remote is the speaker's own hand: it always drives. A co-presenter drives while it holds control.
const driving = () => !config.needsControl || (control.driverLink === config.linkId && !control.locked);

function render() {
  const { slide, step, blackout } = navigation.position;
  currentStage.replaceChildren(copyOfStep(slide, step));
  const atEnd = navigation.isAtEnd();
  const next = navigation.nextPosition();
  nextStage.replaceChildren(atEnd ? document.createTextNode("") : copyOfStep(next.slide, next.step));
  $("[data-next-caption]").textContent = atEnd ? "End of the deck" : next.slide === slide ? "Next: build step" : `Next: slide ${next.slide}`;
  for (const block of root.querySelectorAll("[data-notes-for]")) block.hidden = block.dataset.notesFor !== `${slide}.${step}`;
  const steps = navigation.stepCounts[slide - 1];
  $("[data-position-text]").textContent = `${slide} / ${navigation.slideCount}` + (steps > 1 ? ` · ${step}/${steps}` : "");
  $("[data-blackout]").setAttribute("aria-pressed", String(blackout));
  root.dataset.position = `${slide}.${step}${blackout ? " blackout" : ""}`;
  root.dataset.sequence = String(live.sequence);
  showControl();
}

function showControl() {
  const mine = driving();
  root.dataset.driving = String(mine);
  $("[data-control]").hidden = mine;
  if (!config.needsControl) return;
  const lockedOut = control.locked;
  $("[data-driver-text]").textContent = lockedOut ? "The owner has locked driving." : `${control.driver} is driving.`;
  $("[data-take]").hidden = lockedOut;
  const handTo = $("[data-hand-to]");
  if (handTo.options.length === 1) {
    for (const driver of config.drivers) {
      if (driver.id === "owner" && config.linkId === null) continue;
      handTo.append(new Option(driver.name, driver.id));
    }
  }
  $("[data-hand]").hidden = !mine || control.locked || handTo.options.length === 1;
}

/** Asks the server to hand control to another driver (`{ action: "hand", to }`) or take it (`{ action: "take" }`). */
async function changeControl(request) {
  try {
    const { response, answer } = await post(config.controlUrl, request);
    if (response.ok) {
      control = answer;
      say("");
      showControl();
    } else {
      say(answer.error || `The server refused (${response.status}).`);
    }
  } catch {
    say("Not sent: no connection.");
  }
}

const handControl = (to) => changeControl({ action: "hand", to });

function say(text) {
  const message = $("[data-message]");
  message.textContent = text;
  message.hidden = !text;
}

function showConnection() {
  const status = closed ? "closed" : navigator.onLine ? connection.status : "offline";
  root.dataset.connection = status;
  $("[data-connection-text]").textContent = CONNECTION_TEXT[status];
}

// A state from the server: newer ones win, older ones are ignored.
function accept(state) {
  if (state.sequence < live.sequence) return;
  live = state;
  connection.sequence = Math.max(connection.sequence, state.sequence);
  clock.follow(state.status);
  navigation.goTo(state.slide + 1, state.step + 1, { blackout: state.blackout, source: "live" });
  render();
}

async function resync() {
  try {
    const response = await fetch(config.stateUrl, { cache: "no-store", headers: { Accept: "application/json" } });
    if (response.ok) accept(await response.json());
  } catch {
    showConnection();
  }
}

async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken },
    body: JSON.stringify(body),
  });
  return { response, answer: await response.json().catch(() => ({})) };
}

async function send(target) {
  if (closed) return;
  if (sending) {
    say("Still sending the last move…");
    return;
  }
  if (!navigator.onLine) {
    say("Offline: nothing was sent. Tap again once the connection is back.");
    return;
  }
  sending = true;
  root.dataset.sending = "true";
  try {
    const { response, answer } = await post(config.stateUrl, { ...target, from_sequence: live.sequence });
    if (response.ok) {
      say("");
      accept(answer);
    } else if (response.status === 409) {
      if (answer.state) accept(answer.state);
      say(answer.code === "stale" ? "The talk had moved on: now showing where it is. Nothing was changed." : answer.error);
      if (answer.code === "stale") resync();
    } else {
      say(answer.error || `The server refused the move (${response.status}).`);
    }
  } catch {
    say("Not sent: no connection. Tap again once it is back.");
    resync();
  } finally {
    sending = false;
    root.dataset.sending = "false";
  }
}

const asState = ({ slide, step, blackout }) => ({ slide: slide - 1, step: step - 1, blackout });

function move(direction) {
  const { slide, step, blackout } = navigation.position;
  // Like a projector remote: while the screen is black, a move only brings the slide back.
  if (blackout) return send(asState({ slide, step, blackout: false }));
  const target = direction === "next" ? navigation.nextPosition() : navigation.previousPosition();
  if (target.slide === slide && target.step === step) return say(direction === "next" ? "That was the last step." : "This is the first step.");
  return send(asState({ ...target, blackout: false }));
}

const takeControl = () => changeControl({ action: "take" });

// The talk clock (since Go live, the same as the presenter view's), and the screen kept on.
function showTimer() {
  $("[data-timer]").textContent = clockText(clock.elapsed() || 0);
}

async function keepAwake() {
  if (!("wakeLock" in navigator) || document.visibilityState !== "visible") {
    root.dataset.wakeLock = "unsupported";
    return;
  }
  try {
    const lock = await navigator.wakeLock.request("screen");
    root.dataset.wakeLock = "on";
    lock.addEventListener("release", () => { root.dataset.wakeLock = "released"; });
  } catch {
    root.dataset.wakeLock = "refused";
  }
}

// Buttons, swipes, pointer.
$("[data-next]").addEventListener("click", () => move("next"));
$("[data-previous]").addEventListener("click", () => move("previous"));
$("[data-blackout]").addEventListener("click", () => send(asState({ ...navigation.position, blackout: !navigation.blackout })));
$("[data-take]").addEventListener("click", takeControl);
$("[data-hand-to]").addEventListener("change", (event) => {
  const to = event.target.value;
  event.target.value = "";
  if (to) handControl(to);
});

const pointerSurface = $("[data-frame-current]");
let swipeStart = null;
root.addEventListener("touchstart", (event) => {
  if (pointerSurface.contains(event.target)) return;
  const touch = event.changedTouches[0];
  swipeStart = { x: touch.clientX, y: touch.clientY };
}, { passive: true });
// A sideways swipe is ours, never the browser's: it must not go back a page
// and lose the remote (remote.css keeps the browser out of it too).
root.addEventListener("touchmove", (event) => {
  if (!swipeStart) return;
  const touch = event.changedTouches[0];
  if (Math.abs(touch.clientX - swipeStart.x) > Math.abs(touch.clientY - swipeStart.y)) event.preventDefault();
}, { passive: false });
root.addEventListener("touchend", (event) => {
  if (!swipeStart) return;
  const touch = event.changedTouches[0];
  const dx = touch.clientX - swipeStart.x;
  const dy = touch.clientY - swipeStart.y;
  swipeStart = null;
  if (Math.abs(dx) < SWIPE_PIXELS || Math.abs(dx) < Math.abs(dy)) return;
  // A swipe that ends on a button is a swipe, not also a tap.
  event.preventDefault();
  move(dx < 0 ? "next" : "previous");
});

function pointAt(event) {
  event.preventDefault();
  const touch = event.changedTouches[0];
  const at = fractionWithin(currentStage, touch.clientX, touch.clientY);
  if (at) pointer.move(at.x, at.y);
  else pointer.release();
}
pointerSurface.addEventListener("touchstart", pointAt);
pointerSurface.addEventListener("touchmove", pointAt);
pointerSurface.addEventListener("touchend", () => pointer.release());
pointerSurface.addEventListener("touchcancel", () => pointer.release());

// The live state and who drives.
connection.addEventListener("state", ({ detail }) => accept(detail));
connection.addEventListener("control", ({ detail }) => {
  control = detail;
  showControl();
});
connection.addEventListener("status", showConnection);
connection.addEventListener("closed", ({ detail }) => {
  closed = true;
  for (const button of root.querySelectorAll("button")) button.disabled = true;
  say((detail && detail.message) || "This link no longer works.");
  showConnection();
});
window.addEventListener("online", () => { showConnection(); resync(); });
window.addEventListener("offline", showConnection);

// A phone that locks its screen sleeps: its stream may be dead or far behind.
// On waking, ask for the live position at once rather than wait for the stream.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") {
    connection.closeStream();
    return;
  }
  if (closed) return;
  resync();
  connection.openStream();
  keepAwake();
});

fitStage(currentStage, pointerSurface);
fitStage(nextStage, $("[data-frame-next]"));
render();
showConnection();
clock.follow(live.status);
showTimer();
setInterval(showTimer, 250);
connection.start();
keepAwake();
