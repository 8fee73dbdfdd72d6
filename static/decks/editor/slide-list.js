// The list of slides: thumbnails, selection, and reordering by drag and drop
// or Alt+↑ / Alt+↓. Adding, duplicating, deleting and moving slides go through
// the structure changes, one at a time.

import { slideMarkup } from "./slide-markup.js";

export class SlideList {
  /** `onSelect(id, { focus })` shows a slide in the slide editor. */
  constructor(list, { session, queue, structure, api, urls, onSelect }) {
    Object.assign(this, { list, session, queue, structure, api, urls, onSelect });
    this.draggedId = null;
    list.addEventListener("click", (event) => {
      const item = event.target.closest(".slide-item");
      if (!item) return;
      onSelect(Number(item.dataset.slideId));
    });
    list.addEventListener("keydown", (event) => this.onKeydown(event));
    this.enableDragAndDrop();
  }

  render() {
    const { session, queue } = this;
    const items = session.state.slides.map((slide, index) => {
      const item = document.createElement("li");
      item.className = "slide-item";
      item.dataset.slideId = slide.id;
      item.draggable = true;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "slide-select";
      button.setAttribute("aria-label", `Slide ${index + 1}`);
      button.setAttribute("aria-current", slide.id === session.selectedId ? "true" : "false");
      const number = document.createElement("span");
      number.className = "slide-number";
      number.textContent = String(index + 1);
      const frame = document.createElement("div");
      frame.className = "slide-frame thumbnail";
      frame.append(slideMarkup(slide.thumbnail.classes, slide.thumbnail.html, { lazy: true }));
      button.append(number, frame);
      if (queue.has(`slide:${slide.id}`)) item.classList.add("unsaved");
      item.append(button);
      return item;
    });
    this.list.replaceChildren(...items);
  }

  item(id) {
    return this.list.querySelector(`[data-slide-id="${id}"]`);
  }

  markSelected({ focus = false } = {}) {
    for (const button of this.list.querySelectorAll(".slide-select")) {
      const isSelected = Number(button.parentElement.dataset.slideId) === this.session.selectedId;
      button.setAttribute("aria-current", isSelected ? "true" : "false");
      if (isSelected && focus) button.focus();
    }
  }

  markUnsaved(id, unsaved) {
    this.item(id)?.classList.toggle("unsaved", unsaved);
  }

  /** The thumbnail shows the last step, as the printed deck does. */
  showThumbnail(id, step) {
    this.item(id)
      ?.querySelector(".slide-frame")
      ?.replaceChildren(slideMarkup(step.classes, step.html, { lazy: true }));
  }

  // Changes ------------------------------------------------------------------

  add(position) {
    const { session, api, urls } = this;
    return this.structure.run(
      "Adding a slide",
      () => api.post(urls.addSlide, { version: session.state.version, position, source: "", notes: "" }),
      (result) => result.slide,
    );
  }

  insertBeforeSelected() {
    return this.add(Math.max(0, this.session.selectedIndex()));
  }

  duplicateSelected() {
    const { session, api, urls } = this;
    if (session.selectedId === null) return;
    return this.structure.run(
      "Duplicating the slide",
      () => api.post(urls.duplicateSlide(session.selectedId), { version: session.state.version }),
      (result) => result.slide,
    );
  }

  deleteSelected() {
    const { session, api, urls } = this;
    if (session.selectedId === null) return;
    const index = session.selectedIndex();
    if (!window.confirm(`Delete slide ${index + 1}? (History keeps it.)`)) return;
    const next = session.state.slides[index + 1] || session.state.slides[index - 1];
    return this.structure.run(
      "Deleting the slide",
      () => api.post(urls.deleteSlide(session.selectedId), { version: session.state.version }),
      () => (next ? next.id : null),
    );
  }

  /** Moves a slide to the index `where(currentIndex)` gives, worked out when the move's turn comes. */
  move(id, where) {
    const { session, api, urls } = this;
    return this.structure
      .run(
        "Moving the slide",
        () => {
          const from = session.indexOf(id);
          const order = session.state.slides.map((slide) => slide.id).filter((other) => other !== id);
          if (from < 0) return null;
          order.splice(Math.max(0, Math.min(where(from), order.length)), 0, id);
          if (order.every((other, index) => other === session.state.slides[index].id)) return null;
          return api.post(urls.reorderSlides, { version: session.state.version, order });
        },
        () => id,
      )
      .then(() => this.onSelect(id, { focus: true }));
  }

  // Keys and drag and drop -----------------------------------------------------

  onKeydown(event) {
    const item = event.target.closest(".slide-item");
    if (!item || !["ArrowUp", "ArrowDown"].includes(event.key)) return;
    event.preventDefault();
    const id = Number(item.dataset.slideId);
    const index = this.session.indexOf(id);
    const delta = event.key === "ArrowUp" ? -1 : 1;
    if (event.altKey) {
      this.move(id, (from) => from + delta);
    } else {
      const next = this.session.state.slides[index + delta];
      if (next) this.onSelect(next.id, { focus: true });
    }
  }

  dropPlace(event) {
    const item = event.target.closest(".slide-item");
    if (!item) return null;
    const box = item.getBoundingClientRect();
    const index = this.session.indexOf(Number(item.dataset.slideId));
    const after = event.clientY > box.top + box.height / 2;
    return { item, index: after ? index + 1 : index, after };
  }

  endDrag() {
    this.draggedId = null;
    for (const marked of this.list.querySelectorAll(".dragging, .drop-before, .drop-after")) {
      marked.classList.remove("dragging", "drop-before", "drop-after");
    }
  }

  enableDragAndDrop() {
    const list = this.list;
    list.addEventListener("dragstart", (event) => {
      const item = event.target.closest(".slide-item");
      if (!item) return;
      this.draggedId = Number(item.dataset.slideId);
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", String(this.draggedId));
      item.classList.add("dragging");
    });
    list.addEventListener("dragover", (event) => {
      if (this.draggedId === null) return;
      event.preventDefault();
      for (const marked of list.querySelectorAll(".drop-before, .drop-after")) {
        marked.classList.remove("drop-before", "drop-after");
      }
      const place = this.dropPlace(event);
      if (place) place.item.classList.add(place.after ? "drop-after" : "drop-before");
    });
    list.addEventListener("drop", (event) => {
      if (this.draggedId === null) return;
      event.preventDefault();
      const place = this.dropPlace(event);
      const id = this.draggedId;
      this.endDrag();
      if (!place) return;
      const from = this.session.indexOf(id);
      const to = place.index > from ? place.index - 1 : place.index;
      this.move(id, () => to);
    });
    list.addEventListener("dragend", () => this.endDrag());
  }
}
