// The slide editor: slide list, shorthand and notes, live preview, whole-deck
// text mode, images, and saving that never loses work.
//
// Every unsaved change sits in `pending` (one entry per slide, or one for the
// whole text) and in localStorage until the server confirms it. A save sends
// the deck version the change was based on; a 409 opens the conflict dialog
// instead of overwriting anything.

import { createApi, NetworkError, ResponseError } from "./api.js";
import { Drafts } from "./drafts.js";

const root = document.querySelector("[data-editor]");
const api = createApi(root.querySelector("[name=csrfmiddlewaretoken]").value);
const drafts = new Drafts(root.dataset.slug);
let state = JSON.parse(document.getElementById("editor-state").textContent);

const $ = (selector) => root.querySelector(selector);
const els = {
  status: $("[data-status]"),
  list: $("[data-slide-list]"),
  slideNumber: $("[data-slide-number]"),
  source: $("[data-source]"),
  notes: $("[data-notes]"),
  gutter: $("[data-gutter]"),
  errors: $("[data-errors]"),
  preview: $("[data-preview]"),
  previewContent: $("[data-preview-content]"),
  stepLabel: $("[data-step-label]"),
  notesPreview: $("[data-notes-preview]"),
  slidesMode: $("[data-slides-mode]"),
  textMode: $("[data-text-mode]"),
  deckText: $("[data-deck-text]"),
  textGutter: $("[data-text-gutter]"),
  textErrors: $("[data-text-errors]"),
  modeToggle: $("[data-mode-toggle]"),
  imageInput: $("[data-image-input]"),
  dropZone: $("[data-drop-zone]"),
  imageMessage: $("[data-image-message]"),
  imageList: $("[data-image-list]"),
  missingImages: $("[data-missing-images]"),
  healthPanel: $("[data-health-panel]"),
  conflict: $("[data-conflict]"),
};

const AUTOSAVE_MS = 800;
const PREVIEW_MS = 120;
const REFRESH_MS = 1500;

let selectedId = state.slides.length ? state.slides[0].id : null;
let mode = "slides";
const pending = new Map(); // key -> change; key is "slide:<id>" or "text"
let inFlight = null;
let conflict = null;
let autosaveTimer = null;
let retryTimer = null;
let retryDelay = 1000;
let refreshTimer = null;
let previewTimer = null;
let previewSequence = 0;
let previewSteps = [];
let stepIndex = 0;
let stepPinned = false;

// Status ---------------------------------------------------------------------

function setStatus(kind, text) {
  els.status.dataset.state = kind;
  els.status.textContent = text;
}

function keepDrafts() {
  const kept = drafts.keep([...pending.values()]);
  if (!kept && pending.size) setStatus("error", "Unsaved changes, and this browser cannot keep a copy. Save soon.");
}

// Slides ---------------------------------------------------------------------

function slideById(id) {
  return state.slides.find((slide) => slide.id === id);
}

function shownText(slide) {
  const change = pending.get(`slide:${slide.id}`);
  return change ? { source: change.source, notes: change.notes } : { source: slide.source, notes: slide.notes };
}

function slideMarkup(classes, html, { lazy = false } = {}) {
  const section = document.createElement("section");
  section.className = "slide";
  const content = document.createElement("div");
  content.className = ["slide-content", ...classes].join(" ");
  // Rendered and sanitized on the server. Parsed in a <template> first, where
  // images do not load yet, so thumbnails can load theirs only when scrolled to.
  const template = document.createElement("template");
  template.innerHTML = html;
  if (lazy) {
    for (const image of template.content.querySelectorAll("img")) image.loading = "lazy";
  }
  content.append(template.content);
  section.append(content);
  return section;
}

function renderSlideList() {
  const items = state.slides.map((slide, index) => {
    const item = document.createElement("li");
    item.className = "slide-item";
    item.dataset.slideId = slide.id;
    item.draggable = true;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "slide-select";
    button.setAttribute("aria-label", `Slide ${index + 1}`);
    button.setAttribute("aria-current", slide.id === selectedId ? "true" : "false");
    const number = document.createElement("span");
    number.className = "slide-number";
    number.textContent = String(index + 1);
    const frame = document.createElement("div");
    frame.className = "slide-frame thumbnail";
    frame.append(slideMarkup(slide.thumbnail.classes, slide.thumbnail.html, { lazy: true }));
    button.append(number, frame);
    if (pending.has(`slide:${slide.id}`)) item.classList.add("unsaved");
    item.append(button);
    return item;
  });
  els.list.replaceChildren(...items);
}

function selectSlide(id, { focus = false } = {}) {
  const slide = slideById(id) || state.slides[0];
  selectedId = slide ? slide.id : null;
  for (const button of els.list.querySelectorAll(".slide-select")) {
    const isSelected = Number(button.parentElement.dataset.slideId) === selectedId;
    button.setAttribute("aria-current", isSelected ? "true" : "false");
    if (isSelected && focus) button.focus();
  }
  const index = state.slides.indexOf(slide);
  els.slideNumber.textContent = slide ? `${index + 1} of ${state.slides.length}` : "(none: add one)";
  const text = slide ? shownText(slide) : { source: "", notes: "" };
  els.source.value = text.source;
  els.notes.value = text.notes;
  els.source.disabled = els.notes.disabled = !slide;
  stepPinned = false;
  drawGutter(els.source, els.gutter, []);
  schedulePreview(0);
}

function onSlideInput() {
  const slide = slideById(selectedId);
  if (!slide) return;
  const key = `slide:${slide.id}`;
  const previous = pending.get(key);
  markChanged(key, {
    kind: "slide",
    id: slide.id,
    number: state.slides.indexOf(slide) + 1,
    source: els.source.value,
    notes: els.notes.value,
    base: previous ? previous.base : state.version,
  });
  els.list.querySelector(`[data-slide-id="${slide.id}"]`)?.classList.add("unsaved");
  schedulePreview();
}

// Saving ---------------------------------------------------------------------

function markChanged(key, change) {
  pending.set(key, change);
  keepDrafts();
  if (!conflict && !retryTimer) setStatus("unsaved", "Unsaved changes…");
  clearTimeout(autosaveTimer);
  autosaveTimer = setTimeout(flush, AUTOSAVE_MS);
}

/** Saves every pending change; resolves to true when nothing is left unsaved. */
function flush() {
  clearTimeout(autosaveTimer);
  clearTimeout(retryTimer);
  retryTimer = null;
  if (!inFlight) inFlight = saveAll().finally(() => (inFlight = null));
  return inFlight;
}

function sendChange(change) {
  if (change.kind === "text") {
    return api.post(root.dataset.saveTextUrl, { version: change.base, text: change.text });
  }
  if (change.kind === "new") {
    const body = { version: change.base, position: change.number - 1, source: change.source, notes: change.notes };
    return api.post(root.dataset.addUrl, body);
  }
  return api.post(slideUrl(change.id), { version: change.base, source: change.source, notes: change.notes });
}

function slideUrl(id, action = "") {
  return root.dataset.slideUrl.replace(/\/0\/$/, `/${id}/`) + action;
}

async function saveAll() {
  while (pending.size && !conflict) {
    const [key, change] = pending.entries().next().value;
    setStatus("saving", "Saving…");
    let result;
    try {
      result = await sendChange(change);
    } catch (error) {
      if (error instanceof NetworkError) {
        scheduleRetry(error.serverMessage);
        return false;
      }
      if (error instanceof ResponseError && error.status === 409) {
        openConflict(key, change, error.data);
        return false;
      }
      if (error instanceof ResponseError && error.status === 400 && change.kind === "slide") {
        if (await openDeletedSlideConflict(key, change)) return false;
      }
      setStatus("error", `Not saved: ${error.message} Your text is kept in this browser.`);
      return false;
    }
    retryDelay = 1000;
    savedChange(key, change, result.version);
    if (change.kind === "text" && !pending.has(key)) showTextErrors(result.errors);
    if (result.slides_made > 1) await reloadState({ selectId: selectedId });
    if (change.kind === "new") await reloadState({ selectId: result.slide });
  }
  if (conflict) return false;
  keepDrafts();
  if (!pending.size) {
    setStatus("saved", "All changes saved");
    scheduleRefresh();
  }
  return !pending.size;
}

function savedChange(key, change, version) {
  // Versions between base and the new one are ours alone: the server checked.
  for (const other of pending.values()) {
    if (other !== change && other.base === change.base) other.base = version;
  }
  if (pending.get(key) === change) pending.delete(key);
  if (state.version === change.base) state.version = version;
  if (change.kind === "slide") {
    const slide = slideById(change.id);
    if (slide) Object.assign(slide, { source: change.source, notes: change.notes });
    if (!pending.has(key)) els.list.querySelector(`[data-slide-id="${change.id}"]`)?.classList.remove("unsaved");
  }
}

function scheduleRetry(serverMessage = null) {
  const seconds = Math.round(retryDelay / 1000);
  const count = pending.size;
  const kept = `${count} unsaved change${count === 1 ? " is" : "s are"} kept in this browser`;
  setStatus(
    "offline",
    serverMessage
      ? `${serverMessage} Trying again in ${seconds} s.`
      : `Cannot reach the server. ${kept}; trying again in ${seconds} s.`,
  );
  retryTimer = setTimeout(flush, retryDelay);
  retryDelay = Math.min(retryDelay * 2, 15000);
}

window.addEventListener("online", () => pending.size && flush());

window.addEventListener("beforeunload", (event) => {
  if (pending.size || inFlight) {
    event.preventDefault();
    event.returnValue = "";
  }
});

// After our own saves, fetch fresh thumbnails, images and health. A newer
// version from elsewhere is only adopted when nothing here is unsaved.
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    if (pending.size || inFlight || conflict || mode !== "slides") return;
    try {
      const fresh = await api.get(root.dataset.stateUrl);
      if (pending.size || inFlight || conflict || mode !== "slides") return;
      const changedElsewhere = fresh.version !== state.version;
      adoptState(fresh);
      if (changedElsewhere) {
        selectSlide(selectedId);
        setStatus("saved", `Loaded version ${fresh.version}, saved elsewhere.`);
      }
    } catch {
      // The next save will try again.
    }
  }, REFRESH_MS);
}

function adoptState(fresh) {
  state = fresh;
  renderSlideList();
  renderImages();
  els.healthPanel.innerHTML = state.health_html;
}

async function reloadState({ selectId = selectedId } = {}) {
  adoptState(await api.get(root.dataset.stateUrl));
  selectSlide(selectId);
}

// Conflicts ------------------------------------------------------------------

function sameAsSaved(change, data) {
  if (change.kind === "text") return change.text === data.text;
  const saved = data.deck.slides.find((slide) => slide.id === change.id);
  return Boolean(saved) && saved.source === change.source && saved.notes === change.notes;
}

function openConflict(key, change, data) {
  if (sameAsSaved(change, data)) {
    // Saved already (say, just before a reload cut off the answer): nothing to choose.
    pending.delete(key);
    keepDrafts();
    adoptState(data.deck);
    if (mode === "slides") selectSlide(selectedId);
    setTimeout(flush);
    return;
  }
  conflict = { key, change, data };
  const dialog = els.conflict;
  const mine = dialog.querySelector("[data-conflict-mine]");
  const mineNotes = dialog.querySelector("[data-conflict-mine-notes]");
  const theirs = dialog.querySelector("[data-conflict-theirs]");
  const theirsNotes = dialog.querySelector("[data-conflict-theirs-notes]");
  dialog.querySelector("[data-conflict-message]").textContent = data.message;
  dialog.querySelector("[data-conflict-version]").textContent = `(version ${data.version})`;
  const isText = change.kind === "text";
  mineNotes.hidden = theirsNotes.hidden = isText;
  if (isText) {
    mine.value = change.text;
    theirs.value = data.text;
  } else {
    const saved = data.deck.slides.find((slide) => slide.id === change.id);
    mine.value = change.source;
    mineNotes.value = change.notes;
    theirs.value = saved ? saved.source : "(This slide was deleted in the saved version.)";
    theirsNotes.value = saved ? saved.notes : "";
  }
  setStatus("conflict", "Changed elsewhere: choose which version to keep. Your text is kept until you do.");
  if (!dialog.open) dialog.showModal();
}

/** A slide deleted elsewhere: offer to keep the text as a new slide. */
async function openDeletedSlideConflict(key, change) {
  let fresh;
  try {
    fresh = await api.get(root.dataset.stateUrl);
  } catch {
    return false;
  }
  if (fresh.slides.some((slide) => slide.id === change.id)) return false;
  const message = `Slide ${change.number} was deleted somewhere else (the deck is now at version ${fresh.version}).`;
  openConflict(key, change, { message, version: fresh.version, deck: fresh, text: "" });
  return true;
}

function closeConflict() {
  els.conflict.close();
  conflict = null;
}

async function keepMine() {
  const { key, change, data } = conflict;
  const dialog = els.conflict;
  const mine = dialog.querySelector("[data-conflict-mine]").value;
  const mineNotes = dialog.querySelector("[data-conflict-mine-notes]").value;
  closeConflict();
  adoptState(data.deck);
  if (change.kind === "slide" && !slideById(change.id)) {
    // Deleted elsewhere: bring it back as a new slide where it was.
    pending.delete(key);
    pending.set(`new:${change.id}`, { ...change, kind: "new", source: mine, notes: mineNotes, base: data.version });
    keepDrafts();
    selectSlide(selectedId);
    await flush();
    return;
  }
  const kept =
    change.kind === "text"
      ? { ...change, text: mine, base: data.version }
      : { ...change, source: mine, notes: mineNotes, base: data.version };
  pending.set(key, kept);
  keepDrafts();
  if (mode === "text") {
    els.deckText.value = mine;
  } else {
    selectSlide(change.kind === "slide" ? change.id : selectedId);
  }
  await flush();
}

async function takeTheirs() {
  const { key, data } = conflict;
  closeConflict();
  pending.delete(key);
  keepDrafts();
  adoptState(data.deck);
  if (mode === "text") {
    els.deckText.value = data.text;
    drawGutter(els.deckText, els.textGutter, []);
  } else {
    selectSlide(selectedId);
  }
  if (pending.size) {
    flush();
  } else {
    setStatus("saved", `Took version ${data.version} as saved elsewhere.`);
  }
}

function copyAcross() {
  const dialog = els.conflict;
  const pairs = [
    [dialog.querySelector("[data-conflict-theirs]"), dialog.querySelector("[data-conflict-mine]")],
    [dialog.querySelector("[data-conflict-theirs-notes]"), dialog.querySelector("[data-conflict-mine-notes]")],
  ];
  const [from, to] = pairs.find(([theirs]) => theirs === document.activeElement) || pairs[0];
  const selected = from.value.slice(from.selectionStart, from.selectionEnd) || from.value;
  const at = to.selectionEnd ?? to.value.length;
  to.value = to.value.slice(0, at) + selected + to.value.slice(at);
  to.focus();
}

// Let the copy button see which saved field had the selection.
let lastTheirs = null;
for (const field of els.conflict.querySelectorAll("[data-conflict-theirs], [data-conflict-theirs-notes]")) {
  field.addEventListener("focus", () => (lastTheirs = field));
}
els.conflict.querySelector("[data-keep-mine]").addEventListener("click", () => keepMine());
els.conflict.querySelector("[data-take-theirs]").addEventListener("click", () => takeTheirs());
els.conflict.querySelector("[data-copy-across]").addEventListener("mousedown", (event) => {
  event.preventDefault(); // keep the selection in the saved text
  if (lastTheirs) lastTheirs.focus();
});
els.conflict.querySelector("[data-copy-across]").addEventListener("click", copyAcross);
els.conflict.addEventListener("cancel", (event) => event.preventDefault());

// Changes to the deck's structure ------------------------------------------

// One change to the structure at a time, each based on the result of the last.
let structuralQueue = Promise.resolve();

function structuralChange(label, request, selectAfter) {
  const run = structuralQueue.then(() => applyStructuralChange(label, request, selectAfter));
  structuralQueue = run.catch(() => {});
  return run;
}

/** `request()` sends the change (or returns null when there is nothing to do). */
async function applyStructuralChange(label, request, selectAfter) {
  await flush();
  if (pending.size || conflict) {
    setStatus("error", `${label}: save your changes first.`);
    return;
  }
  const sent = request();
  if (!sent) return;
  setStatus("saving", `${label}…`);
  try {
    const result = await sent;
    state.version = result.version;
    await reloadState({ selectId: selectAfter(result) });
    setStatus("saved", "All changes saved");
  } catch (error) {
    if (error instanceof NetworkError) {
      setStatus("offline", `${label}: cannot reach the server. Nothing was changed; try again.`);
    } else if (error instanceof ResponseError && error.status === 409) {
      adoptState(error.data.deck);
      selectSlide(selectedId);
      setStatus("error", `${label}: the deck was changed elsewhere, so it was reloaded. Try again.`);
    } else {
      setStatus("error", `${label}: ${error.message}`);
    }
  }
}

function selectedIndex() {
  return state.slides.findIndex((slide) => slide.id === selectedId);
}

function addSlide(position) {
  return structuralChange(
    "Adding a slide",
    () => api.post(root.dataset.addUrl, { version: state.version, position, source: "", notes: "" }),
    (result) => result.slide,
  );
}

function duplicateSlide() {
  if (selectedId === null) return;
  return structuralChange(
    "Duplicating the slide",
    () => api.post(slideUrl(selectedId, "duplicate/"), { version: state.version }),
    (result) => result.slide,
  );
}

function deleteSlide() {
  if (selectedId === null) return;
  const index = selectedIndex();
  if (!window.confirm(`Delete slide ${index + 1}? (History keeps it.)`)) return;
  const next = state.slides[index + 1] || state.slides[index - 1];
  return structuralChange(
    "Deleting the slide",
    () => api.post(slideUrl(selectedId, "delete/"), { version: state.version }),
    () => (next ? next.id : null),
  );
}

/** Moves a slide to the index `where(currentIndex)` gives, worked out when the move's turn comes. */
function moveSlide(id, where) {
  return structuralChange(
    "Moving the slide",
    () => {
      const from = state.slides.findIndex((slide) => slide.id === id);
      const order = state.slides.map((slide) => slide.id).filter((other) => other !== id);
      if (from < 0) return null;
      order.splice(Math.max(0, Math.min(where(from), order.length)), 0, id);
      if (order.every((other, index) => other === state.slides[index].id)) return null;
      return api.post(root.dataset.reorderUrl, { version: state.version, order });
    },
    () => id,
  ).then(() => selectSlide(id, { focus: true }));
}

$("[data-add-slide]").addEventListener("click", () => addSlide(null));
$("[data-insert-slide]").addEventListener("click", () => addSlide(Math.max(0, selectedIndex())));
$("[data-duplicate-slide]").addEventListener("click", () => duplicateSlide());
$("[data-delete-slide]").addEventListener("click", () => deleteSlide());

els.list.addEventListener("click", async (event) => {
  const item = event.target.closest(".slide-item");
  if (!item) return;
  selectSlide(Number(item.dataset.slideId));
});

els.list.addEventListener("keydown", (event) => {
  const item = event.target.closest(".slide-item");
  if (!item || !["ArrowUp", "ArrowDown"].includes(event.key)) return;
  event.preventDefault();
  const id = Number(item.dataset.slideId);
  const index = state.slides.findIndex((slide) => slide.id === id);
  const delta = event.key === "ArrowUp" ? -1 : 1;
  if (event.altKey) {
    moveSlide(id, (from) => from + delta);
  } else {
    const next = state.slides[index + delta];
    if (next) selectSlide(next.id, { focus: true });
  }
});

// Drag and drop reordering.
let draggedId = null;
els.list.addEventListener("dragstart", (event) => {
  const item = event.target.closest(".slide-item");
  if (!item) return;
  draggedId = Number(item.dataset.slideId);
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", String(draggedId));
  item.classList.add("dragging");
});

function dropPlace(event) {
  const item = event.target.closest(".slide-item");
  if (!item) return null;
  const box = item.getBoundingClientRect();
  const index = state.slides.findIndex((slide) => slide.id === Number(item.dataset.slideId));
  const after = event.clientY > box.top + box.height / 2;
  return { item, index: after ? index + 1 : index, after };
}

els.list.addEventListener("dragover", (event) => {
  if (draggedId === null) return;
  event.preventDefault();
  for (const marked of els.list.querySelectorAll(".drop-before, .drop-after")) {
    marked.classList.remove("drop-before", "drop-after");
  }
  const place = dropPlace(event);
  if (place) place.item.classList.add(place.after ? "drop-after" : "drop-before");
});

els.list.addEventListener("drop", (event) => {
  if (draggedId === null) return;
  event.preventDefault();
  const place = dropPlace(event);
  const id = draggedId;
  endDrag();
  if (!place) return;
  const from = state.slides.findIndex((slide) => slide.id === id);
  const to = place.index > from ? place.index - 1 : place.index;
  moveSlide(id, () => to);
});

function endDrag() {
  draggedId = null;
  for (const marked of els.list.querySelectorAll(".dragging, .drop-before, .drop-after")) {
    marked.classList.remove("dragging", "drop-before", "drop-after");
  }
}
els.list.addEventListener("dragend", endDrag);

// Preview ---------------------------------------------------------------------

function schedulePreview(delay = PREVIEW_MS) {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(runPreview, delay);
}

async function runPreview() {
  if (selectedId === null) {
    showSteps([]);
    return;
  }
  const sequence = ++previewSequence;
  try {
    const result = await api.post(root.dataset.previewUrl, { source: els.source.value, notes: els.notes.value });
    if (sequence !== previewSequence) return;
    previewSteps = result.steps;
    if (!stepPinned) stepIndex = caretStep();
    showSteps(result.steps);
    showErrors(result.errors, result.missing_images);
  } catch (error) {
    if (sequence !== previewSequence) return;
    els.errors.replaceChildren(listItem("The preview needs the server; it will come back when the server does."));
  }
}

/** The build step the caret is in: the last one whose text starts at or before the caret's line. */
function caretStep() {
  const caretLine = els.source.value.slice(0, els.source.selectionStart).split("\n").length;
  const started = previewSteps.filter((step) => step.first_line <= caretLine).length;
  return Math.max(0, started - 1);
}

function showSteps(steps) {
  stepIndex = Math.max(0, Math.min(stepIndex, steps.length - 1));
  const step = steps[stepIndex] || { classes: [], html: "", notes_html: "" };
  els.preview.replaceChildren(slideMarkup(step.classes, step.html));
  els.notesPreview.innerHTML = step.notes_html;
  els.stepLabel.textContent = `Step ${Math.min(stepIndex + 1, Math.max(steps.length, 1))} of ${Math.max(steps.length, 1)}`;
  if (selectedId !== null && steps.length) {
    // The thumbnail shows the last step, as the printed deck does.
    const last = steps[steps.length - 1];
    const frame = els.list.querySelector(`[data-slide-id="${selectedId}"] .slide-frame`);
    frame?.replaceChildren(slideMarkup(last.classes, last.html, { lazy: true }));
  }
}

function listItem(text, className = "") {
  const item = document.createElement("li");
  item.textContent = text;
  if (className) item.className = className;
  return item;
}

function showErrors(errors, missingImages) {
  const items = errors.map((error) => listItem(`Line ${error.line}: ${error.message}`, "text-error"));
  for (const name of missingImages) {
    items.push(listItem(`The image ${name} is not in the deck yet: upload it below.`, "text-warning"));
  }
  els.errors.replaceChildren(...items);
  drawGutter(els.source, els.gutter, errors);
}

function drawGutter(textarea, gutter, errors) {
  const byLine = new Map(errors.map((error) => [error.line, error.message]));
  const count = textarea.value.split("\n").length;
  const lines = [];
  for (let number = 1; number <= count; number++) {
    const line = document.createElement("span");
    line.textContent = byLine.has(number) ? `⚠ ${number}` : String(number);
    if (byLine.has(number)) {
      line.className = "gutter-error";
      line.title = byLine.get(number);
    }
    lines.push(line, "\n");
  }
  gutter.replaceChildren(...lines);
  gutter.scrollTop = textarea.scrollTop;
}

$("[data-step-previous]").addEventListener("click", () => {
  stepPinned = true;
  stepIndex -= 1;
  showSteps(previewSteps);
});
$("[data-step-next]").addEventListener("click", () => {
  stepPinned = true;
  stepIndex += 1;
  showSteps(previewSteps);
});

els.source.addEventListener("input", () => {
  stepPinned = false;
  drawGutter(els.source, els.gutter, []);
  onSlideInput();
});
els.notes.addEventListener("input", onSlideInput);
for (const eventName of ["click", "keyup"]) {
  els.source.addEventListener(eventName, () => {
    if (stepPinned || !previewSteps.length) return;
    const step = caretStep();
    if (step !== stepIndex) {
      stepIndex = step;
      showSteps(previewSteps);
    }
  });
}
els.source.addEventListener("scroll", () => (els.gutter.scrollTop = els.source.scrollTop));
els.deckText.addEventListener("scroll", () => (els.textGutter.scrollTop = els.deckText.scrollTop));

// Whole-deck text mode --------------------------------------------------------

async function enterTextMode() {
  await flush();
  if (pending.size || conflict) {
    setStatus("error", "Save your slide changes before switching to the whole text.");
    return;
  }
  let result;
  try {
    result = await api.get(root.dataset.textUrl);
  } catch (error) {
    setStatus("error", `Cannot open the whole text: ${error.message}`);
    return;
  }
  if (result.version !== state.version) await reloadState();
  state.version = result.version;
  mode = "text";
  els.deckText.value = result.text;
  showTextErrors(result.errors);
  els.slidesMode.hidden = true;
  els.textMode.hidden = false;
  els.modeToggle.setAttribute("aria-pressed", "true");
  els.modeToggle.textContent = "Back to slides";
  els.deckText.focus();
}

async function leaveTextMode() {
  await flush();
  if (pending.size || conflict) {
    setStatus("error", "Your text is not saved yet; it stays open until it is.");
    return;
  }
  mode = "slides";
  els.textMode.hidden = true;
  els.slidesMode.hidden = false;
  els.modeToggle.setAttribute("aria-pressed", "false");
  els.modeToggle.textContent = "Whole deck as text";
  await reloadState();
}

/** Problems of the whole text, found when it is saved: by the line, and in a list under it. */
function showTextErrors(errors) {
  drawGutter(els.deckText, els.textGutter, errors);
  els.textErrors.replaceChildren(
    ...errors.map((error) => listItem(`Line ${error.line}: ${error.message}`, "text-error")),
  );
}

els.modeToggle.addEventListener("click", () => (mode === "slides" ? enterTextMode() : leaveTextMode()));
els.deckText.addEventListener("input", () => {
  drawGutter(els.deckText, els.textGutter, []);
  const previous = pending.get("text");
  markChanged("text", { kind: "text", text: els.deckText.value, base: previous ? previous.base : state.version });
});

// Saving on demand ------------------------------------------------------------

$("[data-save-now]").addEventListener("click", () => flush());
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    flush();
  }
});

// Images ------------------------------------------------------------------------

function renderImages() {
  els.missingImages.replaceChildren(
    ...state.health.missing_images.map((name) =>
      listItem(`${name} is named by the deck but not uploaded.`, "missing-image"),
    ),
  );
  els.imageList.replaceChildren(
    ...state.assets.map((asset) => {
      const item = document.createElement("li");
      item.className = "image-item";
      item.dataset.imageId = asset.id;
      const image = document.createElement("img");
      image.src = asset.url;
      image.alt = "";
      image.loading = "lazy";
      const name = document.createElement("input");
      name.value = asset.name;
      name.setAttribute("aria-label", `New name for ${asset.name}`);
      name.dataset.imageName = "";
      const rename = document.createElement("button");
      rename.type = "button";
      rename.className = "secondary";
      rename.textContent = "Rename";
      rename.dataset.renameImage = "";
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "danger";
      remove.textContent = "Delete";
      remove.dataset.deleteImage = "";
      const used = document.createElement("span");
      used.className = "image-use muted";
      used.textContent = asset.used_on.length
        ? `Used on slide${asset.used_on.length === 1 ? "" : "s"} ${asset.used_on.join(", ")}`
        : "Not used on any slide";
      const size = document.createElement("span");
      size.className = "muted";
      size.textContent = `${Math.max(1, Math.round(asset.size / 1024))} KB`;
      item.append(image, name, rename, remove, used, size);
      return item;
    }),
  );
}

async function imageChange(label, request) {
  els.imageMessage.textContent = "";
  await structuralChange(label, request, () => selectedId);
  if (els.status.dataset.state === "error") els.imageMessage.textContent = els.status.textContent;
}

function uploadImages(files) {
  if (!files.length) return;
  return imageChange("Uploading", () => {
    const form = new FormData();
    for (const file of files) form.append("images", file);
    form.append("version", state.version);
    return api.upload(root.dataset.uploadUrl, form);
  });
}

function imageUrl(id, action) {
  return root.dataset.imageUrl.replace(/\/0\/rename\/$/, `/${id}/${action}/`);
}

els.imageInput.addEventListener("change", async () => {
  await uploadImages([...els.imageInput.files]);
  els.imageInput.value = "";
});
els.dropZone.addEventListener("dragover", (event) => {
  if (!event.dataTransfer.types.includes("Files")) return;
  event.preventDefault();
  els.dropZone.classList.add("drag-over");
});
els.dropZone.addEventListener("dragleave", () => els.dropZone.classList.remove("drag-over"));
els.dropZone.addEventListener("drop", (event) => {
  if (!event.dataTransfer.files.length) return;
  event.preventDefault();
  els.dropZone.classList.remove("drag-over");
  uploadImages([...event.dataTransfer.files]);
});
els.imageList.addEventListener("click", (event) => {
  const item = event.target.closest(".image-item");
  if (!item) return;
  const id = Number(item.dataset.imageId);
  const asset = state.assets.find((candidate) => candidate.id === id);
  if (event.target.matches("[data-rename-image]")) {
    const name = item.querySelector("[data-image-name]").value.trim();
    if (name === asset.name) return;
    imageChange("Renaming the image", () => api.post(imageUrl(id, "rename"), { version: state.version, name }));
  } else if (event.target.matches("[data-delete-image]")) {
    const use = asset.used_on.length ? ` It is used on slide ${asset.used_on.join(", ")}.` : "";
    if (!window.confirm(`Delete ${asset.name}?${use}`)) return;
    imageChange("Deleting the image", () => api.post(imageUrl(id, "delete"), { version: state.version }));
  }
});

// Start -----------------------------------------------------------------------

function fitPreview() {
  for (const frame of root.querySelectorAll(".preview-frame")) {
    frame.style.setProperty("--slide-scale", String(frame.clientWidth / 1280));
  }
}
new ResizeObserver(fitPreview).observe(els.preview);

renderSlideList();
renderImages();
selectSlide(selectedId);

const recovered = drafts.recover();
if (recovered.length) {
  for (const change of recovered) {
    const key = change.kind === "text" ? "text" : `${change.kind}:${change.id}`;
    pending.set(key, change);
  }
  keepDrafts();
  renderSlideList();
  selectSlide(selectedId);
  setStatus("unsaved", `Found ${recovered.length} unsaved change${recovered.length === 1 ? "" : "s"} from before; saving…`);
  if (pending.has("text")) {
    enterTextModeWithDraft(pending.get("text"));
  } else {
    flush();
  }
}

async function enterTextModeWithDraft(change) {
  mode = "text";
  els.deckText.value = change.text;
  drawGutter(els.deckText, els.textGutter, []);
  els.slidesMode.hidden = true;
  els.textMode.hidden = false;
  els.modeToggle.setAttribute("aria-pressed", "true");
  els.modeToggle.textContent = "Back to slides";
  flush();
}
