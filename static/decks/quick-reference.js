// The editor's quick reference panel: a button and Ctrl+/ (Cmd+/ on a Mac)
// open and close it, Escape closes it and gives the focus back.

const panel = document.querySelector("[data-quick-reference]");
const toggle = document.querySelector("[data-quick-reference-toggle]");
let returnFocusTo = null;

function setOpen(open) {
  if (open === !panel.hidden) return;
  if (open) {
    returnFocusTo = document.activeElement;
    panel.hidden = false;
    panel.focus();
  } else {
    panel.hidden = true;
    if (returnFocusTo && document.contains(returnFocusTo)) returnFocusTo.focus();
  }
  toggle.setAttribute("aria-expanded", String(open));
}

if (panel && toggle) {
  toggle.addEventListener("click", () => setOpen(panel.hidden));
  panel.querySelector("[data-quick-reference-close]").addEventListener("click", () => setOpen(false));
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && (event.ctrlKey || event.metaKey) && !event.altKey) {
      event.preventDefault();
      setOpen(panel.hidden);
    } else if (event.key === "Escape" && !panel.hidden) {
      setOpen(false);
    }
  });
}
