// The deck's look: a built-in theme or the deck's own stylesheet, with its
// fonts. Every choice and every edit is drawn at once on the whole editor
// page (the preview of the current slide and the thumbnails), before it is
// saved: the unsaved stylesheet is compiled by the server, exactly as the
// deck's pages will load it, and applied as a constructed stylesheet (not an
// inline <style>, which the Content-Security-Policy refuses). Saving names
// the version it was based on, like every save; a stale one is refused (409)
// and the text stays here, so nothing is lost.
//
// The stylesheet is edited in a code editor (CSS colouring, search, its own
// undo history) that stands in for its textarea, behind `StylesheetField`.

import { css, syntaxHighlighting, defaultHighlightStyle } from "../../vendor/codemirror/codemirror.js";
import { CodeField, EditHistory } from "./code-field.js";
import { elementsOf } from "./elements.js";
import { drawGutter, errorItems, followScroll, listItem } from "./lines.js";

const PREVIEW_MS = 250;

/** The stylesheet's text field: get and set its text, hear edits, show warnings by line, go to a line. */
export class StylesheetField {
  constructor(textarea, gutter, warnings) {
    Object.assign(this, { textarea, gutter, warnings });
    const edits = new EditHistory(() => {});
    new CodeField(textarea, { language: [css(), syntaxHighlighting(defaultHighlightStyle)], history: edits });
    followScroll(textarea, gutter);
    warnings.addEventListener("click", (event) => {
      const item = event.target.closest("[data-line]");
      if (item) this.goToLine(Number(item.dataset.line));
    });
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
  }

  onInput(callback) {
    this.textarea.addEventListener("input", callback);
  }

  showWarnings(warnings) {
    drawGutter(this.textarea, this.gutter, warnings);
    const items = errorItems(warnings);
    items.forEach((item, index) => {
      item.dataset.line = warnings[index].line;
      item.tabIndex = 0;
    });
    this.warnings.replaceChildren(...items);
  }

  goToLine(line) {
    const lines = this.textarea.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((total, text) => total + text.length + 1, 0);
    this.textarea.focus();
    this.textarea.setSelectionRange(start, start + (lines[line - 1] || "").length);
  }
}

export class LookPanel {
  constructor(panel, { session, status, api, urls, onVersion }) {
    Object.assign(this, { session, status, api, urls, onVersion });
    Object.assign(
      this,
      elementsOf(panel, {
        choice: "[data-look-choice]",
        own: "[data-look-own]",
        fonts: "[data-font-list]",
        fontInput: "[data-font-input]",
        save: "[data-look-save]",
        message: "[data-look-message]",
      }),
    );
    this.field = new StylesheetField(
      panel.querySelector("[data-look-stylesheet]"),
      panel.querySelector("[data-look-gutter]"),
      panel.querySelector("[data-look-warnings]"),
    );
    this.look = session.state.look;
    this.previewSheet = null;
    this.timer = null;
    this.sequence = 0;
    this.base = null; // the version a save that was refused as stale may overwrite

    this.choice.replaceChildren(
      ...this.look.choices.map(({ value, label }) => Object.assign(document.createElement("option"), { value, textContent: label })),
    );
    this.choice.addEventListener("change", () => this.changed());
    this.field.onInput(() => this.changed());
    this.save.addEventListener("click", () => this.saveLook());
    this.fontInput.addEventListener("change", async () => {
      await this.uploadFonts([...this.fontInput.files]);
      this.fontInput.value = "";
    });
    this.fonts.addEventListener("click", (event) => {
      const button = event.target.closest("[data-remove-font]");
      if (button) this.removeFont(Number(button.dataset.removeFont));
    });
    this.render(this.look);
  }

  /** Shows a look as saved (after loading, saving or a change of fonts). */
  render(look) {
    this.look = look;
    this.choice.value = look.look;
    this.field.value = look.stylesheet;
    this.field.showWarnings(look.warnings);
    this.fonts.replaceChildren(...look.fonts.map((font) => fontItem(font)));
    this.own.hidden = look.look !== "own";
    this.unsaved = false;
  }

  /** The look as the server has it now (the editor reloaded the deck): shown unless this panel holds unsaved edits. */
  adoptSaved(look) {
    if (!look) return;
    if (this.unsaved) {
      this.look = { ...look, stylesheet: this.look.stylesheet };
      return;
    }
    const changed = look.stylesheets.join() !== this.look.stylesheets.join();
    this.render(look);
    if (changed) this.applyLinks(look.stylesheets, null);
  }

  changed() {
    this.unsaved = true;
    this.own.hidden = this.choice.value !== "own";
    this.message.textContent = "Not saved yet";
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.preview(), PREVIEW_MS);
  }

  /** Draws the page in the chosen look: a theme's stylesheets, or the unsaved stylesheet compiled. */
  async preview() {
    const sequence = ++this.sequence;
    if (this.choice.value !== "own") {
      this.applyLinks(this.look.themes[this.choice.value], null);
      return;
    }
    try {
      const compiled = await this.api.post(this.urls.previewLook, { stylesheet: this.field.value });
      if (sequence !== this.sequence) return;
      this.field.showWarnings(compiled.warnings);
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(compiled.css);
      this.applyLinks(this.look.base.slice(0, 1), sheet, this.look.base.slice(1));
    } catch (error) {
      if (sequence === this.sequence) this.message.textContent = error.message;
    }
  }

  /**
   * Replaces the page's look: `links` as <link>s, then `sheet` (constructed),
   * then `after` (remark's base, which must follow the deck's rules). Links
   * load before the old ones go, so the page never flashes unstyled.
   */
  applyLinks(links, sheet, after = []) {
    const old = [...document.querySelectorAll("link[data-deck-look]")];
    const anchor = old[0] || document.head.lastChild;
    for (const href of [...links, ...(sheet ? [] : after)]) {
      const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
      link.dataset.deckLook = "";
      anchor.before(link);
    }
    for (const link of old) link.remove();
    const kept = document.adoptedStyleSheets.filter((adopted) => !adopted.deckLook);
    if (sheet) {
      sheet.deckLook = true;
      const afterSheets = after.map((href) => {
        const constructed = new CSSStyleSheet();
        constructed.deckLook = true;
        fetch(href)
          .then((response) => response.text())
          .then((css) => constructed.replaceSync(css));
        return constructed;
      });
      document.adoptedStyleSheets = [...kept, sheet, ...afterSheets];
    } else {
      document.adoptedStyleSheets = kept;
    }
  }

  async saveLook() {
    const based = this.base ?? this.session.state.version;
    this.message.textContent = "Saving…";
    try {
      const saved = await this.api.post(this.urls.saveLook, {
        look: this.choice.value,
        stylesheet: this.field.value,
        version: based,
      });
      this.base = null;
      this.adopt(based, saved);
      this.message.textContent = "Look saved";
    } catch (error) {
      if (error.status === 409) {
        // Someone saved the deck meanwhile: keep this text, and let a second click overwrite on purpose.
        this.base = error.data.version;
        this.message.textContent = `${error.data.message} Your look is still here: save again to use it anyway.`;
        return;
      }
      this.message.textContent = error.message;
    }
  }

  adopt(based, result) {
    this.onVersion(based, result.version);
    const stylesheet = this.field.value;
    const choice = this.choice.value;
    this.render(result);
    // The saved look's own addresses now; the draft is the saved text.
    this.applyLinks(result.stylesheets, null);
    if (choice !== result.look || stylesheet !== result.stylesheet) this.changed();
  }

  async uploadFonts(files) {
    if (!files.length) return;
    const form = new FormData();
    for (const file of files) form.append("fonts", file);
    const based = this.session.state.version;
    form.append("version", based);
    await this.fontChange(based, () => this.api.upload(this.urls.uploadFonts, form), "Fonts added");
  }

  removeFont(id) {
    const based = this.session.state.version;
    return this.fontChange(based, () => this.api.post(this.urls.deleteFont(id), { version: based }), "Font removed");
  }

  async fontChange(based, request, done) {
    this.message.textContent = "Saving…";
    const draft = { choice: this.choice.value, stylesheet: this.field.value, unsaved: this.unsaved };
    try {
      const result = await request();
      this.onVersion(based, result.version);
      this.render(result);
      this.applyLinks(result.stylesheets, null);
      if (draft.unsaved) {
        Object.assign(this.choice, { value: draft.choice });
        this.field.value = draft.stylesheet;
        this.changed();
      }
      this.message.textContent = done;
    } catch (error) {
      this.message.textContent = error.message;
    }
  }
}

function fontItem(font) {
  const item = listItem("", "font-item");
  const name = Object.assign(document.createElement("code"), { textContent: `fonts/${font.name}` });
  const size = Object.assign(document.createElement("span"), {
    className: "muted",
    textContent: ` ${Math.round(font.size / 1024)} KB `,
  });
  const remove = Object.assign(document.createElement("button"), {
    type: "button",
    className: "secondary",
    textContent: "Remove",
  });
  remove.dataset.removeFont = font.id;
  remove.setAttribute("aria-label", `Remove the font ${font.name}`);
  item.append(name, size, remove);
  return item;
}
