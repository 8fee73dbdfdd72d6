// Asks the service worker (/sw.js, static/presenter/service-worker.js) to
// keep this deck for offline use, and says how far it got: on the page's
// <html data-offline-copy> ("saving", "ready", "missing", "unavailable") and
// to `show` (the presenter view puts it in words: offline-words.js).
//
// The configuration comes from presenter/offline.py through json_script.

const BACKGROUND = /url\(["']?([^"')]+)["']?\)/g;

export function deckImages(root = document) {
  const urls = new Set();
  for (const slides of root.querySelectorAll("[data-deck-slides]")) {
    for (const image of slides.querySelectorAll("img[src]")) urls.add(image.src);
    for (const styled of slides.querySelectorAll("[style*='url(']")) {
      for (const match of styled.getAttribute("style").matchAll(BACKGROUND)) urls.add(new URL(match[1], location.href).href);
    }
  }
  return [...urls];
}

function stateOf(progress) {
  if (progress.unavailable || progress.error) return "unavailable";
  if (!progress.finished) return "saving";
  return progress.missing.length || progress.pages < progress.pagesTotal ? "missing" : "ready";
}

function readOfflineConfig() {
  const element = document.getElementById("offline-config");
  return element ? JSON.parse(element.textContent) : null;
}

// Asks the service worker to delete this deck's copy: the page's access has
// ended (its link was revoked or has expired).
export async function forgetDeck() {
  const config = readOfflineConfig();
  if (!config || !("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const worker = navigator.serviceWorker.controller || (registration && registration.active);
  if (worker) worker.postMessage({ type: "forget-deck", slug: config.slug });
}

export async function keepOffline(show = () => {}) {
  const config = readOfflineConfig();
  const report = (progress) => {
    document.documentElement.dataset.offlineCopy = stateOf(progress);
    show(progress);
  };
  if (!config) return;
  if (!("serviceWorker" in navigator)) {
    report({ unavailable: true });
    return;
  }
  navigator.serviceWorker.addEventListener("message", ({ data }) => {
    if (data && data.type === "offline-progress" && data.slug === config.slug) report(data);
  });
  try {
    // Offline, a registered worker answers from its copies; registering again
    // only checks for a newer /sw.js, which cannot be fetched then.
    await navigator.serviceWorker.register(config.worker, { scope: "/" }).catch((error) => {
      if (!navigator.serviceWorker.controller) throw error;
    });
    const registration = await navigator.serviceWorker.ready;
    registration.active.postMessage({ type: "keep-deck", ...config, images: deckImages(), look: config.look || [] });
  } catch (error) {
    report({ error: error.message || "the service worker did not start" });
  }
}
