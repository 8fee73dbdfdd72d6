// The keys and swipes of the presenting pages. Which key does what comes from
// presenter/keys.py, the list the help overlay shows, through the page's
// json_script "deck-keys" (key -> action name). Presentation clickers send
// some of these keys too (PageDown/PageUp, and B or "." for their black-screen
// button).

const NAVIGATION = new Set(["next", "previous", "first", "last", "blackout"]);
const JUMP_TYPING_MS = 3000;
const SWIPE_PIXELS = 50;

let keysOfPage = null;

function pageKeys() {
  if (!keysOfPage) {
    const script = document.getElementById("deck-keys");
    keysOfPage = script ? JSON.parse(script.textContent) : {};
  }
  return keysOfPage;
}

export function isTypingTarget(target) {
  return Boolean(target && target.closest && target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false'])"));
}

/** The key pressed, letters in lower case; null while typing in a field or with a modifier held. */
function pressedKey(event) {
  if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  // Keys pressed in an open dialog (the presenter's links, "End talk?") are the dialog's.
  if (document.querySelector("dialog[open]")) return null;
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}

// Buttons and links answer Enter and Space themselves.
function answeredByTarget(event, key) {
  return (key === "Enter" || key === " ") && Boolean(event.target.closest && event.target.closest("button, a[href], summary"));
}

function actionOf(keys, key) {
  return key !== null && Object.hasOwn(keys, key) ? keys[key] : null;
}

/** The name of the action a key press asks for on this page, or null. */
export function keyAction(event, keys = pageKeys()) {
  const key = pressedKey(event);
  return answeredByTarget(event, key) ? null : actionOf(keys, key);
}

// `actions` maps the page's other action names (or keys) to functions, e.g.
// {fullscreen: toggleFullscreen}; each must be in the page's list, so that its
// help shows it. `navigationAllowed()` returning false (an overlay is open)
// leaves only those. `showJump(text)` shows the slide number being typed ("" hides it).
export function bindKeys(navigation, { actions = {}, navigationAllowed = () => true, showJump = () => {} } = {}) {
  const keys = pageKeys();
  const listed = new Set([...Object.keys(keys), ...Object.values(keys)]);
  for (const name of Object.keys(actions)) {
    if (!listed.has(name)) console.error(`"${name}" is not in this page's keys: add it to presenter/keys.py.`);
  }
  let typed = "";
  let typingTimer = 0;

  const setTyped = (value) => {
    typed = value;
    clearTimeout(typingTimer);
    if (typed) typingTimer = setTimeout(() => setTyped(""), JUMP_TYPING_MS);
    showJump(typed);
  };

  document.addEventListener("keydown", (event) => {
    const key = pressedKey(event);
    if (key === null) return;
    const action = actionOf(keys, key);

    const handler = Object.hasOwn(actions, action) ? actions[action] : Object.hasOwn(actions, key) ? actions[key] : null;
    if (handler && action) {
      event.preventDefault();
      setTyped("");
      handler(event);
      return;
    }
    if (!navigationAllowed()) return;
    if (answeredByTarget(event, key)) return;

    if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      setTyped(typed + key);
    } else if (key === "Enter" && typed) {
      event.preventDefault();
      navigation.goTo(Number(typed), 1, { source: "key" });
      setTyped("");
    } else if (NAVIGATION.has(action)) {
      event.preventDefault();
      setTyped("");
      if (action === "blackout") navigation.toggleBlackout("key");
      else navigation[action]("key");
    } else if (typed && key !== "Shift") {
      setTyped("");
    }
  });
}

/** Calls `next()` on a swipe to the left and `previous()` on one to the right, unless `allowed()` says no. */
export function bindSwipe(element, { next, previous, allowed = () => true }) {
  let touchStart = null;
  element.addEventListener("touchstart", (event) => {
    touchStart = event.touches.length === 1 ? { x: event.touches[0].clientX, y: event.touches[0].clientY } : null;
  }, { passive: true });
  element.addEventListener("touchend", (event) => {
    if (!touchStart || !allowed()) return;
    const dx = event.changedTouches[0].clientX - touchStart.x;
    const dy = event.changedTouches[0].clientY - touchStart.y;
    touchStart = null;
    // A short or mostly vertical move is a tap or a scroll.
    if (Math.abs(dx) < SWIPE_PIXELS || Math.abs(dx) < Math.abs(dy)) return;
    if (dx < 0) next();
    else previous();
  });
}

export function toggleFullscreen() {
  if (document.fullscreenElement) return document.exitFullscreen();
  return document.documentElement.requestFullscreen().catch(() => {});
}
