// One step of a slide, as the projector shows it, for the thumbnails and the preview.

export function slideMarkup(classes, html, { lazy = false } = {}) {
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
