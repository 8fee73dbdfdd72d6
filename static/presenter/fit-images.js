// Images share the slide with the text above and below them. A step whose
// content runs past its 16:9 slide has its tallest images brought down to
// one height, the largest that lets everything fit; smaller images, and the
// images of a step that fits, keep their size. Measured as drawn, in the
// slide's own CSS px (the page may scale the slide: the ratio of its drawn
// to its laid-out width undoes that).

const FITTED = "fitted";
const SMALLEST = 48; // px: below this an image says nothing; the step overflows, and deck health says so.
const SEARCHES = 12;

// What may sit outside the flow: the look puts these where it wants them.
const PLACED = new Set(["absolute", "fixed"]);

function drawnScale(step) {
  return step.offsetWidth ? step.getBoundingClientRect().width / step.offsetWidth : 0;
}

/** How far the step's content runs past its 16:9 slide, top and bottom together, in slide px; null when it is not drawn. */
export function overflowOf(step) {
  const scale = drawnScale(step);
  if (!scale) return null;
  const box = step.getBoundingClientRect();
  const top = box.top;
  const bottom = box.top + (step.offsetWidth * 9 * scale) / 16;
  let above = 0;
  let below = 0;
  for (const child of step.children) {
    if (PLACED.has(getComputedStyle(child).position)) continue;
    const rect = child.getBoundingClientRect();
    if (!rect.height && !rect.width) continue;
    above = Math.max(above, top - rect.top);
    below = Math.max(below, rect.bottom - bottom);
  }
  const overflow = (above + below) / scale;
  // Sub-pixel rounding of a scaled page is not an overflow.
  return overflow > 0.25 ? overflow : 0;
}

function flowImages(step) {
  return [...step.querySelectorAll("img")].filter((image) => {
    for (let element = image; element && element !== step; element = element.parentElement) {
      if (PLACED.has(getComputedStyle(element).position)) return false;
    }
    return image.offsetHeight > 0;
  });
}

function unfit(step) {
  for (const image of step.querySelectorAll(`img[data-${FITTED}]`)) {
    image.style.removeProperty("width");
    image.style.removeProperty("height");
    delete image.dataset[FITTED];
  }
}

function capAt(sizes, cap) {
  for (const { image, width, height } of sizes) {
    if (height > cap) {
      image.dataset[FITTED] = "";
      image.style.setProperty("height", `${cap}px`, "important");
      image.style.setProperty("width", `${(width * cap) / height}px`, "important");
    } else if (FITTED in image.dataset) {
      image.style.removeProperty("width");
      image.style.removeProperty("height");
      delete image.dataset[FITTED];
    }
  }
}

/**
 * Fits the images of a drawn step into its slide; again when one of them loads.
 * Returns the overflow left (0 when everything fits), or null when the step is not drawn.
 */
export function fitImages(step) {
  if (!step) return null;
  for (const image of step.querySelectorAll("img")) {
    if (!image.complete && !image.dataset.fitOnLoad) {
      image.dataset.fitOnLoad = "";
      image.addEventListener("load", () => fitImages(step), { once: true });
    }
  }
  unfit(step);
  const overflow = overflowOf(step);
  if (!overflow) return overflow;
  const sizes = flowImages(step).map((image) => ({ image, width: image.offsetWidth, height: image.offsetHeight }));
  const tallest = Math.max(0, ...sizes.map(({ height }) => height));
  if (tallest <= SMALLEST) return overflow;
  capAt(sizes, SMALLEST);
  if (overflowOf(step)) {
    // Text alone runs past the slide: shrinking the pictures would not save it.
    unfit(step);
    return overflow;
  }
  let fits = SMALLEST;
  let runsOver = tallest;
  for (let search = 0; search < SEARCHES && runsOver - fits > 1; search++) {
    const cap = (fits + runsOver) / 2;
    capAt(sizes, cap);
    if (overflowOf(step)) runsOver = cap;
    else fits = cap;
  }
  capAt(sizes, Math.floor(fits));
  return overflowOf(step);
}

/** Fits every drawn step under `root` (pages that show many at once: the handout, a print). */
export function fitEveryStep(root) {
  for (const step of root.querySelectorAll(".slide-content")) fitImages(step);
}
