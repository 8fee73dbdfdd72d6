// Line numbers beside a code field, marking the lines with problems (in the
// code editor's own gutter when one stands in for the textarea), and
// problems as list items, with a button for a problem's fix.

export function listItem(text, className = "") {
  const item = document.createElement("li");
  item.textContent = text;
  if (className) item.className = className;
  return item;
}

/** A problem as the speaker reads it: what is wrong and, for a warning, what the slide shows now. */
export function problemText(error) {
  return error.now ? `${error.message}; ${error.now}` : error.message;
}

/** Problems as list items; one with a fix gets a button that applies it to `field`, the text its lines count in. */
export function errorItems(errors, field = null) {
  return errors.map((error) => {
    const item = listItem(`Line ${error.line}: ${problemText(error)}`, "text-error");
    if (error.fix && field) item.append(" ", fixButton(error, field));
    return item;
  });
}

function fixButton(error, field) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "secondary fix-button";
  button.textContent = error.fix.label;
  button.setAttribute("aria-label", `Fix line ${error.line}: ${error.fix.label}`);
  button.dataset.fix = "";
  button.addEventListener("click", () => applyFix(field, error.fix));
  return button;
}

/**
 * Applies a problem's fix to `field` if its lines still read as they did when the server found it;
 * the field then saves and previews as after typing. Returns whether it applied.
 */
export function applyFix(field, fix) {
  const lines = field.value.split("\n");
  const current = lines.slice(fix.first - 1, fix.last);
  if (current.length !== fix.was.length || current.some((line, index) => line !== fix.was[index])) return false;
  lines.splice(fix.first - 1, fix.was.length, ...fix.lines);
  replaceText(field, lines.join("\n"), lines.slice(0, fix.first - 1 + fix.lines.length).join("\n").length);
  return true;
}

/** Sets a field's text as if typed: the caret at `caret`, then an input event (which saves and previews). */
export function replaceText(field, text, caret) {
  if (field.codeField) {
    field.codeField.replaceAll(text, caret); // one step of undo, and announced as typing
    return;
  }
  field.value = text;
  field.focus();
  field.setSelectionRange(caret, caret);
  field.dispatchEvent(new Event("input", { bubbles: true }));
}

/** Whether the caret is in `field` (a textarea, or the code editor in its place). */
export function hasFocus(field) {
  return field.codeField ? field.codeField.hasFocus() : document.activeElement === field;
}

export function drawGutter(textarea, gutter, errors) {
  if (textarea.codeField) {
    textarea.codeField.setProblems(errors);
    return;
  }
  const byLine = new Map(errors.map((error) => [error.line, problemText(error)]));
  const count = textarea.value.split("\n").length;
  const lines = [];
  for (let number = 1; number <= count; number++) {
    const line = document.createElement("span");
    line.textContent = byLine.has(number) ? `⚠ ${number}` : String(number);
    if (byLine.has(number)) {
      line.className = "gutter-error";
      line.title = byLine.get(number);
    }
    lines.push(line, "\n");
  }
  gutter.replaceChildren(...lines);
  gutter.scrollTop = textarea.scrollTop;
}

/** Keeps the gutter scrolled with its field. */
export function followScroll(textarea, gutter) {
  textarea.addEventListener("scroll", () => (gutter.scrollTop = textarea.scrollTop));
}
