// What the editor knows of the deck (the state the server last sent), which
// slide is selected, and whether the slides or the whole text are shown.

export class EditorSession {
  constructor(state) {
    this.state = state;
    this.selectedId = state.slides.length ? state.slides[0].id : null;
    this.mode = "slides";
  }

  slideById(id) {
    return this.state.slides.find((slide) => slide.id === id);
  }

  indexOf(id) {
    return this.state.slides.findIndex((slide) => slide.id === id);
  }

  selectedIndex() {
    return this.indexOf(this.selectedId);
  }
}
