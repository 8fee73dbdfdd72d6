// The deck shorthand (FORMAT.md) as a CodeMirror language, for colouring the
// editor: separators (--- and --), Note:, line commands and their arguments,
// properties, .name[…] classes, fences and the code in them, headings, HTML
// tags and entities. Line by line, as the shorthand itself is read; the
// language keys come from the server so that they are listed in one place.

import { HighlightStyle, StreamLanguage, syntaxHighlighting, tags } from "../../vendor/codemirror/codemirror.js";

const IMAGE_COMMANDS = ["@^^", "@^", "@=", "@", "~@", "!"];
const WORD_COMMANDS = ["vv"];
const TITLE = /^#{1,4}=(?=\s|$)/;
const HEADING = /^#{1,6}(?=\s|$)/;
const PROPERTY = /^[-\w]+:(?=\s|$)/;
const CONTENT_CLASS = /^(?:\.[A-Za-z_-][\w-]*)+\[/;
const TAG = /^<\/?[A-Za-z][\w-]*(?:\s[^<>]*)?\/?>/;
const ENTITY = /^&(?:#\d+|#x[\da-f]+|[A-Za-z][\w]*);/i;
const FENCE = /^\s*```/;

/** A StreamLanguage for the shorthand, given its one-line code keys (`py`, `js`, …). */
export function shorthandLanguage(languageKeys) {
  const keys = new Set(languageKeys.flatMap((key) => [key, `${key}-`]));
  return StreamLanguage.define({
    name: "shorthand",
    startState: () => ({ fence: false, classes: 0, argument: false }),
    copyState: (state) => ({ ...state }),
    token(stream, state) {
      if (stream.sol()) {
        state.argument = false;
        if (state.fence) {
          if (stream.match(FENCE)) {
            state.fence = false;
            stream.skipToEnd();
            return "meta";
          }
          stream.skipToEnd();
          return "monospace";
        }
        if (stream.match(FENCE)) {
          state.fence = true;
          stream.skipToEnd();
          return "meta";
        }
        const line = stream.string.trim();
        if (line === "---" || line === "--") {
          stream.skipToEnd();
          return "contentSeparator";
        }
        stream.eatSpace();
        if (stream.match("Note:")) return "labelName";
        if (stream.match(TITLE) || stream.match(HEADING)) {
          stream.skipToEnd();
          return "heading";
        }
        if (line === "~~~") {
          stream.skipToEnd();
          return "keyword";
        }
        const word = line.split(/\s/, 1)[0];
        if (IMAGE_COMMANDS.includes(word) || WORD_COMMANDS.includes(word) || keys.has(word) || word.startsWith("$$")) {
          stream.match(word);
          state.argument = IMAGE_COMMANDS.includes(word);
          return "keyword";
        }
        if (stream.match(PROPERTY)) return "propertyName";
      }
      if (state.fence) {
        stream.skipToEnd();
        return "monospace";
      }
      if (state.argument) {
        stream.eatSpace();
        if (stream.eol()) return null;
        stream.skipToEnd();
        return "string";
      }
      if (stream.match(CONTENT_CLASS)) {
        state.classes += 1;
        return "className";
      }
      if (state.classes && stream.eat("]")) {
        state.classes -= 1;
        return "className";
      }
      if (stream.match(TAG)) return "tagName";
      if (stream.match(ENTITY)) return "character";
      // Plain text up to the next character that may start something.
      if (!stream.match(/^[^.<&\]]+/)) stream.next();
      return null;
    },
    languageData: { commentTokens: {} },
  });
}

// Class names for each kind of token (decks/editor.css colours them).
export const shorthandHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.contentSeparator, class: "sh-separator" },
    { tag: tags.labelName, class: "sh-notes" },
    { tag: tags.keyword, class: "sh-command" },
    { tag: tags.string, class: "sh-argument" },
    { tag: tags.propertyName, class: "sh-property" },
    { tag: tags.className, class: "sh-class" },
    { tag: tags.meta, class: "sh-fence" },
    { tag: tags.monospace, class: "sh-code" },
    { tag: tags.heading, class: "sh-heading" },
    { tag: tags.tagName, class: "sh-html" },
    { tag: tags.character, class: "sh-entity" },
  ]),
);
