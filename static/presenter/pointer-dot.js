// The red pointer, showing side: the dot a driver moves with pointer.js, on
// the controlled projector and followers' phones. Positions are fractions of
// the 16:9 slide; the dot disappears when released or after 2 s without news.

const HIDE_AFTER_MS = 2000;
const TRAIL_MS = 400;

// Shows the pointer events of a LiveConnection on a 1280x720 stage (deck-view.js).
export function showPointer(connection, stage) {
  const layer = document.createElement("div");
  layer.className = "pointer-layer";
  const dot = document.createElement("div");
  dot.className = "pointer-dot";
  dot.dataset.pointer = "";
  dot.hidden = true;
  layer.append(dot);
  stage.append(layer);
  let hideTimer = 0;
  let last = null;

  const place = (element, { x, y }) => {
    element.style.left = `${x * 100}%`;
    element.style.top = `${y * 100}%`;
  };

  connection.addEventListener("pointer", ({ detail }) => {
    clearTimeout(hideTimer);
    if (detail.x === null || detail.x === undefined) {
      dot.hidden = true;
      last = null;
      return;
    }
    if (last) {
      const trail = document.createElement("div");
      trail.className = "pointer-trail";
      place(trail, last);
      layer.append(trail);
      setTimeout(() => trail.remove(), TRAIL_MS);
    }
    place(dot, detail);
    dot.dataset.x = String(detail.x);
    dot.dataset.y = String(detail.y);
    dot.hidden = false;
    last = detail;
    hideTimer = setTimeout(() => { dot.hidden = true; last = null; }, HIDE_AFTER_MS);
  });
  return dot;
}
