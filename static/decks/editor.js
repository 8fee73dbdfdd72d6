// The slide editor: slide list, shorthand and notes, live preview, whole-deck
// text mode, images, the deck's look, and saving that never loses work. This module only
// builds the parts in editor/ and connects them.

import { createApi } from "./api.js";
import { Drafts } from "./drafts.js";
import { imageNameCompletion } from "./editor/code-field.js";
import { ConflictDialog } from "./editor/conflict.js";
import { DeckLoader } from "./editor/deck-loader.js";
import { ImagesPanel } from "./editor/images.js";
import { LookPanel } from "./editor/look.js";
import { OverflowCheck } from "./editor/overflow.js";
import { Preview } from "./editor/preview.js";
import { SaveQueue, changeSender } from "./editor/save-queue.js";
import { EditorSession } from "./editor/session.js";
import { shorthandHighlighting, shorthandLanguage } from "./editor/shorthand-language.js";
import { SlideEditor } from "./editor/slide-editor.js";
import { SlideList } from "./editor/slide-list.js";
import { SaveStatus } from "./editor/status.js";
import { StructureChanges } from "./editor/structure.js";
import { TerminalOffers } from "./editor/terminals.js";
import { TextMode } from "./editor/text-mode.js";
import { editorUrls } from "./editor/urls.js";
import { matchingNames, typedImageName } from "./image-completion.js";

const root = document.querySelector("[data-editor]");
const $ = (selector) => root.querySelector(selector);
const api = createApi($("[name=csrfmiddlewaretoken]").value);
const urls = editorUrls(root);
const session = new EditorSession(JSON.parse(document.getElementById("editor-state").textContent));
const status = new SaveStatus($("[data-status]"));

// The parts call back into each other through these, defined once all exist.
const selectSlide = (id, options) => {
  slideEditor.select(id, options);
  terminals.showFor(session.selectedId);
};
function adoptState(deck) {
  session.state = deck;
  slideList.render();
  images.render();
  terminals.render();
  terminals.showFor(session.selectedId);
  look.adoptSaved(deck.look);
  $("[data-health-panel]").innerHTML = deck.health_html;
  overflow.schedule();
}

/** A slide save's answer: the slides it wrote, the deck's images and health. Nothing else is fetched. */
function adoptSavedSlides(key, change, result) {
  const index = session.indexOf(change.id);
  // The slides as the list keeps them; the first one's steps and problems are for its preview.
  const [saved, ...split] = result.slides.map(({ steps, errors, missing_images, ...slide }) => slide);
  if (index < 0 || !saved) return;
  Object.assign(session.state.slides[index], saved);
  const imagesChanged = images.differ(result);
  Object.assign(session.state, { assets: result.assets, health: result.health, health_html: result.health_html });
  $("[data-health-panel]").innerHTML = result.health_html;
  if (imagesChanged) images.render();
  if (split.length) {
    // A `---` typed into the slide made several: the list gets the new ones.
    session.state.slides.splice(index + 1, 0, ...split);
    session.state.slides.forEach((slide, position) => (slide.number = position + 1));
    slideList.render();
    if (!queue.has(key)) selectSlide(session.selectedId);
    return;
  }
  slideList.showThumbnail(saved.id, saved.thumbnail);
  if (!queue.has(key)) slideList.markUnsaved(change.id, false);
  slideEditor.adoptSaved(change, result.slides[0]);
}

async function afterSave(key, change, result) {
  overflow.schedule();
  if (session.state.version === change.base) session.state.version = result.version;
  if (change.kind === "slide") adoptSavedSlides(key, change, result);
  if (change.kind === "text" && !queue.has(key)) textMode.showErrors(result.errors);
  if (change.kind === "new") await loader.reload({ selectId: result.slide });
}

const overflow = new OverflowCheck({
  api,
  measureUrl: urls.measure,
  recordUrl: urls.recordMeasures,
  onHealth: (result) => {
    Object.assign(session.state, { health: result.health, health_html: result.health_html });
    $("[data-health-panel]").innerHTML = result.health_html;
  },
});
const queue = new SaveQueue({
  drafts: new Drafts(root.dataset.slug),
  status,
  send: changeSender(api, urls),
  onConflict: (key, change, data) => conflict.open(key, change, data),
  onRefused: (key, change) => conflict.openForDeletedSlide(key, change, () => loader.load()),
  onSaved: afterSave,
});
const loader = new DeckLoader({ api, url: urls.state, session, adoptState, selectSlide });
const structure = new StructureChanges({
  queue,
  status,
  session,
  reload: (selectId) => loader.reload({ selectId }),
  adoptState,
  selectSlide,
});
const slideList = new SlideList($("[data-slide-list]"), {
  session,
  queue,
  structure,
  api,
  urls,
  onSelect: selectSlide,
});
// The shorthand in the code editors: its colours, and the deck's image names after an image command.
const shorthand = [
  shorthandLanguage(JSON.parse(document.getElementById("shorthand-language-keys").textContent)),
  shorthandHighlighting,
];
const completion = imageNameCompletion(typedImageName, matchingNames, () => session.state.assets.map((asset) => asset.name));
const slideEditor = new SlideEditor($("[data-slide-editor]"), {
  session,
  queue,
  list: slideList,
  shorthand,
  completion,
  onImages: (files) => images.uploadInto(files),
});
slideEditor.attachPreview(
  new Preview($("[data-preview-panel]"), { fields: slideEditor.fields, api, url: urls.preview, session, list: slideList }),
);
const textMode = new TextMode($("[data-text-mode]"), {
  toggle: $("[data-mode-toggle]"),
  slidesMode: $("[data-slides-mode]"),
  session,
  queue,
  status,
  api,
  url: urls.text,
  reload: () => loader.reload(),
  shorthand,
  completion,
});
const images = new ImagesPanel($("[data-images]"), { session, status, structure, api, urls });
const terminals = new TerminalOffers($("[data-terminal-offers]"), $("[data-terminal-dialog]"), {
  session,
  api,
  urls,
  status,
  structure,
});
const look = new LookPanel($("[data-look]"), {
  session,
  status,
  api,
  urls,
  onVersion: (based, version) => {
    if (session.state.version === based) session.state.version = version;
  },
});
const conflict = new ConflictDialog($("[data-conflict]"), {
  queue,
  status,
  editor: { session, adoptState, selectSlide, showDeckText: (text, options) => textMode.setText(text, options) },
});

$("[data-add-slide]").addEventListener("click", () => slideList.add(null));
$("[data-insert-slide]").addEventListener("click", () => slideList.insertBeforeSelected());
$("[data-duplicate-slide]").addEventListener("click", () => slideList.duplicateSelected());
$("[data-delete-slide]").addEventListener("click", () => slideList.deleteSelected());
$("[data-save-now]").addEventListener("click", () => queue.flush());
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    queue.flush();
  }
});
queue.watchWindow();

// Start ------------------------------------------------------------------------

slideList.render();
images.render();
terminals.render();
selectSlide(session.selectedId);
overflow.schedule(0);

const recovered = queue.drafts.recover();
if (recovered.length) {
  for (const change of recovered) {
    queue.set(change.kind === "text" ? "text" : `${change.kind}:${change.id}`, change);
  }
  queue.keepDrafts();
  slideList.render();
  selectSlide(session.selectedId);
  const count = recovered.length;
  status.set("unsaved", `Found ${count} unsaved change${count === 1 ? "" : "s"} from before; saving…`);
  if (queue.has("text")) {
    textMode.enterWithDraft(queue.get("text"));
  } else {
    queue.flush();
  }
}
