// One step of a slide, for the thumbnails and the preview: a copy of the
// page's <template data-slide-template>, which holds the same markup
// (decks/_slide_step.html) as the projector pages draw.

import { fitImages } from "../../presenter/fit-images.js";

const template = document.querySelector("template[data-slide-template]");

export function slideMarkup(classes, html, { lazy = false } = {}) {
  const slide = template.content.firstElementChild.cloneNode(true);
  const content = slide.querySelector(".slide-content");
  content.classList.add(...classes);
  // Rendered and sanitized on the server. Parsed in a <template> first, where
  // images do not load yet, so thumbnails can load theirs only when scrolled to.
  const parsed = document.createElement("template");
  parsed.innerHTML = html;
  if (lazy) {
    for (const image of parsed.content.querySelectorAll("img")) image.loading = "lazy";
  }
  content.append(parsed.content);
  // Drawn on the page by the next frame: its images then share the slide with its text.
  requestAnimationFrame(() => fitImages(content));
  return slide;
}
