// Completion of the deck's own image names in the shorthand fields, after the
// image commands `@`, `@=`, `@^`, `@^^`, `~@` and `!` (each item of `! a | b`).
// ↑/↓ choose, Enter or Tab takes the name, Escape closes the list. A code
// editor standing in for a field uses the same two functions below.

const FIELDS = "[data-source], [data-deck-text]";
const IMAGE_COMMAND = /^\s*(?:@\^\^|@\^|@=|@|~@)\s+(.*)$/;
const EMOJI_COMMAND = /^\s*!\s+(?:[^|]*\|)*\s*([^|]*)$/;
const MAX_CHOICES = 8;

const stateScript = document.getElementById("editor-state");
const imageList = document.querySelector("[data-image-list]");
let names = stateScript ? JSON.parse(stateScript.textContent).assets.map((asset) => asset.name) : [];

// The image list is drawn again after every upload, rename and delete.
if (imageList) {
  new MutationObserver(() => {
    names = [...imageList.querySelectorAll("[data-image-name]")].map((input) => input.defaultValue || input.value);
  }).observe(imageList, { childList: true });
}

const list = document.createElement("ul");
list.className = "image-completion";
list.id = "image-completion";
list.setAttribute("role", "listbox");
list.setAttribute("aria-label", "Images of this deck");
list.hidden = true;
document.body.append(list);

let field = null; // the textarea the list belongs to
let typed = ""; // the part of the name typed so far
let active = 0;

/** The part of an image name before the caret, or null when the caret is not after an image command. */
export function typedImageName(text, caret) {
  const lineStart = text.lastIndexOf("\n", caret - 1) + 1;
  const before = text.slice(lineStart, caret);
  const match = IMAGE_COMMAND.exec(before) || EMOJI_COMMAND.exec(before);
  return match ? match[1] : null;
}

export function matchingNames(allNames, prefix) {
  const wanted = prefix.toLowerCase();
  const starts = allNames.filter((name) => name.toLowerCase().startsWith(wanted));
  const contains = allNames.filter((name) => !name.toLowerCase().startsWith(wanted) && name.toLowerCase().includes(wanted));
  return [...starts, ...contains].filter((name) => name !== prefix).slice(0, MAX_CHOICES);
}

function close() {
  list.hidden = true;
  if (field) {
    field.removeAttribute("aria-activedescendant");
    field.setAttribute("aria-expanded", "false");
  }
}

function show(textarea) {
  const prefix = typedImageName(textarea.value, textarea.selectionStart);
  const choices = prefix === null || textarea.selectionStart !== textarea.selectionEnd ? [] : matchingNames(names, prefix);
  if (!choices.length) return close();
  field = textarea;
  typed = prefix;
  active = 0;
  list.replaceChildren(
    ...choices.map((name, index) => {
      const item = document.createElement("li");
      item.id = `image-completion-${index}`;
      item.setAttribute("role", "option");
      item.dataset.imageChoice = name;
      item.textContent = name;
      return item;
    }),
  );
  const { left, top } = caretPosition(textarea);
  list.style.left = `${left}px`;
  list.style.top = `${top}px`;
  list.hidden = false;
  textarea.setAttribute("aria-controls", list.id);
  textarea.setAttribute("aria-expanded", "true");
  highlight(0);
}

function highlight(index) {
  const items = list.children;
  active = (index + items.length) % items.length;
  [...items].forEach((item, position) => item.setAttribute("aria-selected", String(position === active)));
  field.setAttribute("aria-activedescendant", items[active].id);
  items[active].scrollIntoView({ block: "nearest" });
}

function accept(name) {
  const caret = field.selectionStart;
  field.setRangeText(name, caret - typed.length, caret, "end");
  close();
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Page coordinates just below the caret, measured on a copy of the textarea. */
function caretPosition(textarea) {
  const style = getComputedStyle(textarea);
  const mirror = document.createElement("div");
  for (const property of ["boxSizing", "width", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "fontFamily", "fontSize",
    "fontWeight", "lineHeight", "letterSpacing", "tabSize"]) {
    mirror.style[property] = style[property];
  }
  Object.assign(mirror.style, { position: "absolute", visibility: "hidden", whiteSpace: "pre-wrap", overflowWrap: "break-word", top: "0", left: "0" });
  mirror.textContent = textarea.value.slice(0, textarea.selectionStart);
  const marker = document.createElement("span");
  marker.textContent = "\u200b";
  mirror.append(marker);
  document.body.append(mirror);
  const lineHeight = marker.offsetHeight;
  const x = marker.offsetLeft;
  const y = marker.offsetTop + lineHeight;
  mirror.remove();
  const box = textarea.getBoundingClientRect();
  return {
    left: window.scrollX + box.left + Math.min(x, box.width - 40),
    top: window.scrollY + box.top + Math.min(Math.max(y - textarea.scrollTop, lineHeight), box.height),
  };
}

document.addEventListener("input", (event) => {
  // A code editor in a field's place offers the names itself (editor/code-field.js).
  if (event.target.matches?.(FIELDS) && !event.target.codeField) show(event.target);
});
document.addEventListener("focusout", (event) => {
  if (event.target === field) close();
});
document.addEventListener(
  "keydown",
  (event) => {
    if (list.hidden || event.target !== field) return;
    const keys = {
      ArrowDown: () => highlight(active + 1),
      ArrowUp: () => highlight(active - 1),
      Enter: () => accept(list.children[active].dataset.imageChoice),
      Tab: () => accept(list.children[active].dataset.imageChoice),
      Escape: close,
    };
    if (!keys[event.key] || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    keys[event.key]();
  },
  true,
);
list.addEventListener("mousedown", (event) => {
  const item = event.target.closest("[data-image-choice]");
  if (!item) return;
  event.preventDefault(); // keeps the focus in the field
  accept(item.dataset.imageChoice);
});
