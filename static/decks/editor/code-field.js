// CodeMirror 6 in place of one of the editor's textareas: colouring, line
// numbers, search (Ctrl+F), undo and redo, completion, problems in the
// gutter, and images pasted or dropped into the text. The textarea stays in
// the page, hidden, as the field the editor's other parts know: reading its
// value reads the editor's text, setting it shows a text (keeping each
// text's own undo history, by the key `keyOf()` names), and every change
// the person makes is announced to it as an "input" event.

import {
  EditorSelection,
  EditorState,
  EditorView,
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
  lineNumbers,
  lintGutter,
  redo,
  redoDepth,
  search,
  searchKeymap,
  setDiagnostics,
  undo,
  undoDepth,
} from "../../vendor/codemirror/codemirror.js";

const valueOf = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value");

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

export class CodeField {
  /**
   * `language`: CodeMirror extensions for the text's language; `completion`:
   * a completion source or null; `keyOf()`: which text the field shows (a
   * slide's id), for its undo history; `history`: the session's EditHistory;
   * `onImages(files, insert)`: uploads pasted or dropped images, then calls
   * `insert(names)`; `label`: the field's accessible name.
   */
  constructor(textarea, { language = [], completion = null, keyOf = () => "", history: edits, onImages = null, label }) {
    this.textarea = textarea;
    this.keyOf = keyOf;
    this.edits = edits;
    this.onImages = onImages;
    this.states = new Map();
    this.applying = false;
    this.key = keyOf();
    this.extensions = [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      drawSelection(),
      dropCursor(),
      history(),
      search({ top: true }),
      highlightSelectionMatches(),
      lintGutter(),
      EditorView.lineWrapping,
      ...(completion ? [autocompletion({ override: [completion], activateOnTyping: true })] : []),
      keymap.of([
        { key: "Mod-z", run: () => this.edits.undo(), preventDefault: true },
        { key: "Mod-y", run: () => this.edits.redo(), preventDefault: true },
        { key: "Mod-Shift-z", run: () => this.edits.redo(), preventDefault: true },
        ...completionKeymap,
        ...searchKeymap,
        ...historyKeymap,
        ...defaultKeymap,
        indentWithTab,
      ]),
      language,
      EditorView.contentAttributes.of({ "aria-label": label || textarea.getAttribute("aria-label") || "" }),
      EditorView.updateListener.of((update) => this.changed(update)),
      EditorView.domEventHandlers({
        paste: (event, view) => this.takeImages(event, event.clipboardData, view.state.selection.main.head),
        drop: (event, view) => {
          const at = view.posAtCoords({ x: event.clientX, y: event.clientY });
          return this.takeImages(event, event.dataTransfer, at ?? view.state.selection.main.head);
        },
      }),
    ];
    this.view = new EditorView({ state: this.newState(valueOf.get.call(textarea)) });
    this.view.dom.classList.add("code-editor");
    textarea.hidden = true;
    textarea.after(this.view.dom);
    this.shim();
  }

  newState(text) {
    return EditorState.create({ doc: text, extensions: this.extensions });
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

  /** Shows `text` as the text of `key`, with that text's undo history when it is the text last shown for it. */
  show(key, text) {
    this.states.set(this.key, this.view.state);
    const kept = this.states.get(key);
    this.key = key;
    this.view.setState(kept && kept.doc.toString() === text ? kept : this.newState(text));
    closeSearchPanel(this.view);
  }

  changed(update) {
    if (!update.docChanged || this.applying) return;
    this.edits.record(this, this.key);
    this.announce();
  }

  /** The editor state of the text of `key` (with its history), if the field has shown it. */
  stateOf(key) {
    return key === this.key ? this.view.state : this.states.get(key);
  }

  announce() {
    this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  /** Problems of the text ({line, message, warning}) as marks in the gutter. */
  setProblems(problems) {
    const doc = this.view.state.doc;
    const diagnostics = problems
      .filter((problem) => problem.line >= 1 && problem.line <= doc.lines)
      .map((problem) => {
        const line = doc.line(problem.line);
        return {
          from: line.from,
          to: line.to,
          severity: problem.warning ? "warning" : "error",
          message: problem.now ? `${problem.message}; ${problem.now}` : problem.message,
        };
      });
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  takeImages(event, transfer, at) {
    const files = [...(transfer?.files || [])].filter((file) => file.type.startsWith("image/"));
    if (!files.length || !this.onImages) return false;
    event.preventDefault();
    this.onImages(files, (names) => this.insertImageLines(names, at));
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
