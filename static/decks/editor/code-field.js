// CodeMirror 6 in place of one of the editor's textareas: colouring, line
// numbers, search (Ctrl+F), undo and redo, completion, problems in the
// gutter, and images pasted or dropped into the text. The textarea stays in
// the page, hidden, as the field the editor's other parts know: reading its
// value reads the editor's text, setting it shows a text (keeping each
// text's own undo history, by the key `keyOf()` names), every change the
// person makes is announced to it as an "input" event, a move of the caret
// as a "caret" event, and the editor's focus and blur as its own.

import {
  EditorSelection,
  EditorState,
  EditorView,
  GutterMarker,
  StateEffect,
  StateField,
  Transaction,
  acceptCompletion,
  autocompletion,
  closeSearchPanel,
  completionKeymap,
  defaultKeymap,
  drawSelection,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSelectionMatches,
  history,
  historyKeymap,
  indentWithTab,
  keymap,
  gutter,
  lineNumbers,
  openSearchPanel,
  redo,
  redoDepth,
  search,
  searchKeymap,
  undo,
  undoDepth,
} from "../../vendor/codemirror/codemirror.js";

const valueOf = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value");

// CodeMirror writes its styles into a <style> element, which the site's
// Content-Security-Policy refuses (style-src 'self'), unless the document has
// no <head>: then it uses a constructed stylesheet, which the policy allows.
// It chooses once per document, when the first editor is made, so the first
// one is made with the head out of sight.
let stylesChosen = false;
function newEditorView(config) {
  if (stylesChosen) return new EditorView(config);
  Object.defineProperty(document, "head", { configurable: true, value: null });
  try {
    return new EditorView(config);
  } finally {
    delete document.head;
    stylesChosen = true;
  }
}

/**
 * The session's undo and redo, across the texts of all the fields: undo
 * takes back the last change made anywhere, going to its slide first.
 * `show(key, field)` brings the text of `key` into `field`.
 */
export class EditHistory {
  constructor(show) {
    this.show = show;
    // Runs of changes to one text: {field, key, from}, `from` being the text's
    // undo (or redo) depth before the run.
    this.done = [];
    this.undone = [];
  }

  record(field, key) {
    this.push(this.done, field, key, undoDepth(field.view.state) - 1);
    this.undone.length = 0;
  }

  push(runs, field, key, from) {
    const last = runs[runs.length - 1];
    if (!last || last.field !== field || last.key !== key) runs.push({ field, key, from: Math.max(0, from) });
  }

  step(runs, other, command, depth, otherDepth) {
    while (runs.length) {
      const run = runs[runs.length - 1];
      const state = run.field.stateOf(run.key);
      if (!state || depth(state) <= run.from) {
        runs.pop(); // nothing of the run is left (or its slide is gone)
        continue;
      }
      if (run.field.key !== run.key) this.show(run.key, run.field);
      if (run.field.key !== run.key) {
        runs.pop();
        continue;
      }
      this.push(other, run.field, run.key, otherDepth(run.field.view.state));
      run.field.applying = true;
      command(run.field.view);
      run.field.applying = false;
      run.field.announce();
      run.field.view.focus();
      return true;
    }
    return false;
  }

  undo() {
    return this.step(this.done, this.undone, undo, undoDepth, redoDepth);
  }

  redo() {
    return this.step(this.undone, this.done, redo, redoDepth, undoDepth);
  }
}

// Problems found by the server, by line, drawn in a gutter of their own. They
// hold until the text changes (then the server is asked again), as the
// problems list under the field does.
const setProblemLines = StateEffect.define();
const problemLines = StateField.define({
  create: () => new Map(),
  update(lines, transaction) {
    for (const effect of transaction.effects) if (effect.is(setProblemLines)) return effect.value;
    return transaction.docChanged && lines.size ? new Map() : lines;
  },
});

class ProblemMarker extends GutterMarker {
  constructor(line, text, warning) {
    super();
    Object.assign(this, { line, text, warning });
  }

  eq(other) {
    return other.line === this.line && other.text === this.text && other.warning === this.warning;
  }

  toDOM() {
    const mark = document.createElement("span");
    mark.textContent = "⚠";
    if (!this.line) return mark; // the spacer that sizes the gutter
    mark.className = this.warning ? "gutter-error gutter-warning" : "gutter-error";
    mark.dataset.line = this.line;
    mark.title = this.text;
    return mark;
  }
}

const problemGutter = [
  problemLines,
  gutter({
    class: "cm-problem-gutter",
    lineMarker(view, block) {
      const number = view.state.doc.lineAt(block.from).number;
      return view.state.field(problemLines).get(number) || null;
    },
    lineMarkerChange: (update) => update.startState.field(problemLines) !== update.state.field(problemLines),
    initialSpacer: () => new ProblemMarker(0, "", false),
  }),
];

/** The change that turns `from` into `to`: the part between their common start and end. */
function difference(from, to) {
  let start = 0;
  const shorter = Math.min(from.length, to.length);
  while (start < shorter && from[start] === to[start]) start++;
  let end = 0;
  while (end < shorter - start && from[from.length - 1 - end] === to[to.length - 1 - end]) end++;
  return { from: start, to: from.length - end, insert: to.slice(start, to.length - end) };
}

export class CodeField {
  /**
   * `language`: CodeMirror extensions for the text's language; `completion`:
   * a completion source or null; `keyOf()`: which text the field shows (a
   * slide's id), for its undo history; `history`: the session's EditHistory;
   * `onImages(files)`: uploads pasted or dropped images and resolves to the
   * names they were stored under (or null), whose `@` lines go where the
   * caret was; `numbered`: whether to number the lines.
   */
  constructor(textarea, { language = [], completion = null, keyOf = () => "", history: edits, onImages = null, numbered = true }) {
    this.textarea = textarea;
    this.keyOf = keyOf;
    this.edits = edits;
    this.onImages = onImages;
    this.states = new Map();
    this.applying = false;
    this.key = keyOf();
    const label = textarea.id ? document.querySelector(`label[for="${textarea.id}"]`) : null;
    if (label && !label.id) label.id = `${textarea.id}-label`;
    const described = textarea.getAttribute("aria-describedby");
    this.extensions = [
      ...(numbered ? [lineNumbers(), problemGutter, highlightActiveLineGutter()] : []),
      highlightActiveLine(),
      drawSelection(),
      dropCursor(),
      history(),
      search({ top: true }),
      highlightSelectionMatches(),
      EditorView.lineWrapping,
      // Keys act on the list as shown (as the textarea's list did), not after CodeMirror's 75 ms pause.
      ...(completion ? [autocompletion({ override: [completion], activateOnTyping: true, interactionDelay: 0 })] : []),
      keymap.of([
        { key: "Mod-z", run: () => this.edits.undo(), preventDefault: true },
        { key: "Mod-y", run: () => this.edits.redo(), preventDefault: true },
        { key: "Mod-Shift-z", run: () => this.edits.redo(), preventDefault: true },
        { key: "Tab", run: acceptCompletion },
        ...completionKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...defaultKeymap,
        indentWithTab,
      ]),
      language,
      EditorView.editorAttributes.of({ class: "code-editor" }), // CodeMirror keeps its element's class itself
      EditorView.contentAttributes.of({
        ...(label ? { "aria-labelledby": label.id } : { "aria-label": textarea.getAttribute("aria-label") || "" }),
        ...(described ? { "aria-describedby": described } : {}),
        spellcheck: textarea.getAttribute("spellcheck") || "true",
        autocapitalize: "off",
      }),
      EditorView.updateListener.of((update) => this.changed(update)),
      EditorView.domEventHandlers({
        paste: (event, view) => this.takeImages(event, event.clipboardData, view.state.selection.main.head),
        drop: (event, view) => {
          const at = view.posAtCoords({ x: event.clientX, y: event.clientY });
          return this.takeImages(event, event.dataTransfer, at ?? view.state.selection.main.head);
        },
        focus: () => void this.textarea.dispatchEvent(new FocusEvent("focus")),
        blur: () => void this.textarea.dispatchEvent(new FocusEvent("blur")),
      }),
    ];
    this.view = newEditorView({ state: this.newState(valueOf.get.call(textarea)) });
    this.view.dom.dataset.codeFor = textarea.id;
    textarea.hidden = true;
    textarea.after(this.view.dom);
    textarea.parentElement.classList.add("has-code-editor");
    textarea.codeField = this;
    label?.addEventListener("click", () => this.view.focus());
    this.shim();
  }

  // The caret starts at the end, as in a textarea given a text.
  newState(text) {
    return EditorState.create({ doc: text, selection: { anchor: text.length }, extensions: this.extensions });
  }

  // The textarea's value, selection and focus are the editor's from now on.
  shim() {
    const field = this;
    const view = this.view;
    Object.defineProperties(this.textarea, {
      value: {
        configurable: true,
        get: () => view.state.doc.toString(),
        set: (text) => field.show(field.keyOf(), String(text)),
      },
      selectionStart: { configurable: true, get: () => view.state.selection.main.from },
      selectionEnd: { configurable: true, get: () => view.state.selection.main.to },
      disabled: {
        configurable: true,
        get: () => field.disabled || false,
        set: (disabled) => {
          field.disabled = Boolean(disabled);
          view.contentDOM.contentEditable = String(!disabled);
        },
      },
    });
    this.textarea.focus = () => view.focus();
    this.textarea.setSelectionRange = (from, to) =>
      view.dispatch({ selection: EditorSelection.range(from, to ?? from), scrollIntoView: true });
  }

  /**
   * Shows `text` as the text of `key`. A text shown before keeps its undo
   * history: what changed since (a save, another tab) is applied to it as a
   * change that undo steps over, not as one of the person's own.
   */
  show(key, text) {
    if (key !== this.key) {
      this.states.set(this.key, this.view.state);
      const kept = this.states.get(key);
      this.key = key;
      this.view.setState(kept || this.newState(text));
      closeSearchPanel(this.view);
      this.syncTextarea();
    }
    const current = this.view.state.doc.toString();
    if (current === text) return;
    this.applying = true;
    this.view.dispatch({
      changes: difference(current, text),
      selection: { anchor: text.length }, // as a textarea given a value does
      annotations: [Transaction.addToHistory.of(false), Transaction.remote.of(true)],
    });
    this.applying = false;
  }

  /** Replaces the whole text as the person's own edit (undone by undo), the caret at `caret`. */
  replaceAll(text, caret) {
    const change = difference(this.view.state.doc.toString(), text);
    this.view.dispatch({
      changes: change,
      selection: { anchor: Math.min(caret, text.length) },
      userEvent: "input",
      scrollIntoView: true,
    });
    this.view.focus();
  }

  changed(update) {
    if (update.docChanged) this.syncTextarea();
    if (update.selectionSet && !update.docChanged) this.textarea.dispatchEvent(new Event("caret"));
    if (!update.docChanged || this.applying) return;
    this.edits.record(this, this.key);
    this.announce();
  }

  // The textarea's own value follows the text too, for whatever reads it past the property above.
  syncTextarea() {
    valueOf.set.call(this.textarea, this.view.state.doc.toString());
  }

  /** The editor state of the text of `key` (with its history), if the field has shown it. */
  stateOf(key) {
    return key === this.key ? this.view.state : this.states.get(key);
  }

  announce() {
    this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  hasFocus() {
    return this.view.hasFocus;
  }

  openSearch() {
    this.view.focus();
    openSearchPanel(this.view);
  }

  /** Problems of the text ({line, message, now, warning}) as marks in the gutter. */
  setProblems(problems) {
    const doc = this.view.state.doc;
    const lines = new Map();
    for (const problem of problems) {
      if (problem.line < 1 || problem.line > doc.lines || lines.has(problem.line)) continue;
      const text = problem.now ? `${problem.message}; ${problem.now}` : problem.message;
      lines.set(problem.line, new ProblemMarker(problem.line, text, Boolean(problem.warning)));
    }
    if (!lines.size && !this.view.state.field(problemLines).size) return;
    this.view.dispatch({ effects: setProblemLines.of(lines) });
  }

  takeImages(event, transfer, at) {
    const files = [...(transfer?.files || [])].filter((file) => file.type.startsWith("image/"));
    if (!files.length || !this.onImages || this.disabled) return false;
    event.preventDefault();
    const key = this.key;
    const doc = this.view.state.doc;
    this.onImages(files).then((names) => {
      if (!names?.length || this.key !== key) return;
      // Typed on meanwhile: the lines go where the caret is now.
      this.insertImageLines(names, this.view.state.doc === doc ? at : this.view.state.selection.main.head);
    });
    return true;
  }

  // `@ NAME` lines at `at`, each on a line of its own.
  insertImageLines(names, at) {
    const doc = this.view.state.doc;
    const position = Math.min(at, doc.length);
    const line = doc.lineAt(position);
    const before = position > line.from ? "\n" : "";
    const after = position < line.to ? "\n" : "";
    const text = `${before}${names.map((name) => `@ ${name}`).join("\n")}${after}`;
    this.view.dispatch({
      changes: { from: position, insert: text },
      selection: { anchor: position + text.length },
      userEvent: "input.paste",
      scrollIntoView: true,
    });
  }
}

/** Completion of the deck's image names after an image command, as image-completion.js offers in a textarea. */
export function imageNameCompletion(typedImageName, matchingNames, namesOf) {
  return (context) => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const typed = typedImageName(before, before.length);
    if (typed === null) return null;
    const choices = matchingNames(namesOf(), typed);
    if (!choices.length) return null;
    return { from: context.pos - typed.length, options: choices.map((name) => ({ label: name, type: "image" })), filter: false };
  };
}
