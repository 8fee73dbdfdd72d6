// A follower's own display of the follow page, kept on their device for every
// talk: text size (100% to 200%; above 100% the slide is laid out as a page
// of text that wraps to the screen), high contrast and reduced motion. Until
// a follower chooses, the last two follow the device's own settings.

const STORAGE_KEY = "talks:follow-display";
const TEXT_SIZES = ["100", "125", "150", "175", "200"];

function stored() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY));
    return value && typeof value === "object" ? value : {};
  } catch {
    return {};
  }
}

function store(settings) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(settings));
  } catch {
    // Private browsing without storage: the choice lasts as long as the page.
  }
}

export function displaySettings() {
  const saved = stored();
  return {
    textSize: TEXT_SIZES.includes(String(saved.textSize)) ? String(saved.textSize) : "100",
    contrast: typeof saved.contrast === "boolean" ? saved.contrast : matchMedia("(prefers-contrast: more)").matches,
    reduceMotion:
      typeof saved.reduceMotion === "boolean" ? saved.reduceMotion : matchMedia("(prefers-reduced-motion: reduce)").matches,
  };
}

export function applyDisplay(root, settings) {
  root.dataset.textSize = settings.textSize;
  root.style.setProperty("--text-scale", String(Number(settings.textSize) / 100));
  root.classList.toggle("follow-flowing", settings.textSize !== "100");
  root.classList.toggle("follow-contrast", settings.contrast);
  root.classList.toggle("follow-calm", settings.reduceMotion);
}

export function bindDisplaySettings(root) {
  const panel = root.querySelector("[data-display-panel]");
  const toggle = root.querySelector("[data-display-toggle]");
  const fields = {
    textSize: panel.querySelector("[data-text-size]"),
    contrast: panel.querySelector("[data-contrast]"),
    reduceMotion: panel.querySelector("[data-reduce-motion]"),
  };
  let settings = displaySettings();
  fields.textSize.value = settings.textSize;
  fields.contrast.checked = settings.contrast;
  fields.reduceMotion.checked = settings.reduceMotion;
  applyDisplay(root, settings);

  panel.addEventListener("change", () => {
    settings = {
      textSize: fields.textSize.value,
      contrast: fields.contrast.checked,
      reduceMotion: fields.reduceMotion.checked,
    };
    applyDisplay(root, settings);
    store(settings);
  });
  const open = (opened) => {
    panel.hidden = !opened;
    toggle.setAttribute("aria-expanded", String(opened));
    (opened ? fields.textSize : toggle).focus();
  };
  toggle.addEventListener("click", () => open(panel.hidden));
  panel.querySelector("[data-display-close]").addEventListener("click", () => open(false));
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      open(false);
    }
  });
}
