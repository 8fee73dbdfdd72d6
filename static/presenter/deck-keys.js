// The keys of the presenting pages. Presentation clickers send one of these
// too (PageDown/PageUp, and B or "." for their black-screen button).

const NEXT = new Set(["ArrowRight", "ArrowDown", " ", "PageDown", "Enter", "n"]);
const PREVIOUS = new Set(["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "p"]);
const BLACKOUT = new Set(["b", "."]);
const JUMP_TYPING_MS = 3000;

export function isTypingTarget(target) {
  return Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
}

// `actions` maps more keys (lower case) to functions, e.g. {f: toggleFullscreen}.
// `navigationAllowed()` returning false (an overlay is open) leaves only those.
// `showJump(text)` shows the slide number being typed ("" hides it).
export function bindKeys(navigation, { actions = {}, navigationAllowed = () => true, showJump = () => {} } = {}) {
  let typed = "";
  let typingTimer = 0;

  const setTyped = (value) => {
    typed = value;
    clearTimeout(typingTimer);
    if (typed) typingTimer = setTimeout(() => setTyped(""), JUMP_TYPING_MS);
    showJump(typed);
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTypingTarget(event.target)) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;

    if (key in actions) {
      event.preventDefault();
      setTyped("");
      actions[key](event);
      return;
    }
    if (!navigationAllowed()) return;
    // Buttons and links answer Enter and Space themselves.
    if ((key === "Enter" || key === " ") && event.target.closest && event.target.closest("button, a[href], summary")) return;

    if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      setTyped(typed + key);
    } else if (key === "Enter" && typed) {
      event.preventDefault();
      navigation.goTo(Number(typed), 1, { source: "key" });
      setTyped("");
    } else if (NEXT.has(key)) {
      event.preventDefault();
      setTyped("");
      navigation.next("key");
    } else if (PREVIOUS.has(key)) {
      event.preventDefault();
      setTyped("");
      navigation.previous("key");
    } else if (key === "Home") {
      event.preventDefault();
      setTyped("");
      navigation.first("key");
    } else if (key === "End") {
      event.preventDefault();
      setTyped("");
      navigation.last("key");
    } else if (BLACKOUT.has(key)) {
      event.preventDefault();
      setTyped("");
      navigation.toggleBlackout("key");
    } else if (typed && key !== "Shift") {
      setTyped("");
    }
  });
}

export function toggleFullscreen() {
  if (document.fullscreenElement) return document.exitFullscreen();
  return document.documentElement.requestFullscreen().catch(() => {});
}
