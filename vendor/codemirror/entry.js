// What the deck editor takes from CodeMirror 6: one module, so the page
// loads one file (static/vendor/codemirror/codemirror.js, made by
// bin/vendor-codemirror from the packages and versions in package.json).
export { EditorState, EditorSelection, Compartment, StateEffect, StateField, Annotation, Transaction } from "@codemirror/state";
export {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
  dropCursor,
  placeholder,
  Decoration,
  ViewPlugin,
  gutter,
  GutterMarker,
} from "@codemirror/view";
export {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
  undo,
  redo,
  undoDepth,
  redoDepth,
  isolateHistory,
  invertedEffects,
} from "@codemirror/commands";
export { search, searchKeymap, highlightSelectionMatches, openSearchPanel, closeSearchPanel, setSearchQuery, SearchQuery, findNext } from "@codemirror/search";
export { autocompletion, completionKeymap, startCompletion, acceptCompletion, currentCompletions, closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
export { linter, lintGutter, setDiagnostics, forEachDiagnostic, diagnosticCount, lintKeymap } from "@codemirror/lint";
export {
  StreamLanguage,
  LanguageSupport,
  syntaxHighlighting,
  HighlightStyle,
  defaultHighlightStyle,
  indentOnInput,
  bracketMatching,
} from "@codemirror/language";
export { tags } from "@lezer/highlight";
export { css } from "@codemirror/lang-css";
