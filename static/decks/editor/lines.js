// Line numbers beside a code field, marking the lines with problems, and
// problems as list items.

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

export function errorItems(errors) {
  return errors.map((error) => listItem(`Line ${error.line}: ${problemText(error)}`, "text-error"));
}

export function drawGutter(textarea, gutter, errors) {
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
