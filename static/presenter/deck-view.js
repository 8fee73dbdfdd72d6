// Showing steps of the slide markup of templates/presenter/_slides.html.
// Slides are designed at a fixed 1280x720 and scaled to whatever box shows them.

// Only steps with pictures are fitted (fit-images.js): the module is fetched
// once a step with one is about to be shown, so a deck without any never loads it.
let fitImages = null;
let fitting = null;
function loadFitting() {
  fitting ??= import("./fit-images.js").then((module) => (fitImages = module.fitImages));
  return fitting;
}
/** Fetches the fitting module now if any step under `root` has a picture (before printing needs it). */
export function prepareFitting(root) {
  if (root.querySelector("img")) loadFitting();
}
function fitPictures(element) {
  if (!element.querySelector("img")) return;
  if (fitImages) fitImages(element);
  else loadFitting().then(() => fitImages(element));
}

export const DESIGN_WIDTH = 1280;
export const DESIGN_HEIGHT = 720;

export function stepElement(root, slide, step) {
  return root.querySelector(`[data-slide="${Number(slide)}"] > [data-step="${Number(step)}"]`);
}

// Marks one step (and its slide) as the current one; the stylesheet shows it.
export function showStep(root, slide, step) {
  for (const element of root.querySelectorAll("[data-current]")) element.removeAttribute("data-current");
  const element = stepElement(root, slide, step);
  if (!element) return null;
  element.setAttribute("data-current", "");
  element.parentElement.setAttribute("data-current", "");
  loadImages(element);
  fitPictures(element);
  return element;
}

// Starts loading the images of a step now, even while it is hidden, so that
// showing it later never shows a half-loaded image. A copy of a step, about
// to be put on a page, has its images fitted once it is drawn.
export function loadImages(element) {
  if (!element) return;
  if (element.querySelector("img")) loadFitting();
  if (!element.isConnected) requestAnimationFrame(() => fitPictures(element));
  for (const image of element.querySelectorAll("img[loading='lazy']")) image.loading = "eager";
  for (const styled of [element, ...element.querySelectorAll("[style*='url(']")]) {
    const match = /url\(["']?([^"')]+)["']?\)/.exec(styled.getAttribute("style") || "");
    if (match) new Image().src = match[1];
  }
}

// Printing shows the last step of every slide: each is shown for a moment,
// as printing will show it, to fit its pictures.
export function fitLastSteps(root) {
  if (!root.querySelector("img")) return;
  if (!fitImages) {
    loadFitting().then(() => fitLastSteps(root));
    return;
  }
  const shown = [];
  const lastSteps = [...root.querySelectorAll("[data-slide] > [data-last-step]")];
  for (const step of lastSteps) {
    for (const element of [step, step.parentElement]) {
      if (!element.hasAttribute("data-current")) {
        element.setAttribute("data-current", "");
        shown.push(element);
      }
    }
  }
  for (const step of lastSteps) fitImages(step);
  for (const element of shown) element.removeAttribute("data-current");
}

export function loadSlideImages(root, slide) {
  for (const element of root.querySelectorAll(`[data-slide="${Number(slide)}"] > [data-step]`)) loadImages(element);
}

// Scales `stage` (a DESIGN_WIDTH x DESIGN_HEIGHT box) to fit `box`, centred,
// and keeps it fitted when the box changes size.
export function fitStage(stage, box = stage.parentElement) {
  const fit = () => {
    const width = box === document.body ? window.innerWidth : box.clientWidth;
    const height = box === document.body ? window.innerHeight : box.clientHeight;
    const scale = Math.min(width / DESIGN_WIDTH, height / DESIGN_HEIGHT) || 0;
    stage.style.setProperty("--scale", String(scale));
  };
  new ResizeObserver(fit).observe(box);
  fit();
  return fit;
}
