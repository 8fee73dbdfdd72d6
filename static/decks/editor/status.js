// The line under the deck title that says whether everything is saved.

export class SaveStatus {
  constructor(element) {
    this.element = element;
  }

  set(kind, text) {
    this.element.dataset.state = kind;
    this.element.textContent = text;
  }

  get kind() {
    return this.element.dataset.state;
  }

  get text() {
    return this.element.textContent;
  }
}
