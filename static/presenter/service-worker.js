// The service worker that lets a talk survive losing the network.
//
// Served as /sw.js (presenter/offline.py) so that its scope is the whole site.
// It keeps nothing on its own: a deck page asks it to keep that deck
// ("keep-deck"), and it then stores, in one cache per deck, the deck's pages
// (projector, presenter, follow…), the static files those pages load and
// every image of the deck and the files of its look (its stylesheet and
// fonts), and reports how many of each it has.
//
// Pages and static files are network-first: online, a reader always gets the
// latest deck (an edit, a deploy), and each answer refreshes the copy; the
// copy answers only when the server cannot be reached. Deck images are
// addressed by their checksum and never change: cache-first.
//
// A deck kept from an owner-only page (presenter) or a private deck is marked
// "forget", and follows access (presenter/offline.py): it is deleted before
// any logout form's request goes on; when a page of the app says it was
// served to someone else or to nobody (the Talks-Visitor header: after an
// expired session, a password changed elsewhere); when it expires unless
// refreshed online; when its page says the deck is gone (403, 404); and when
// a page says its link has closed ("forget-deck"). Nobody else on this
// computer can read the speaker's notes or a private deck offline.

const DECK_CACHE = "talks-deck:";
const META = "/__talks-offline__/meta";
const LOGOUT_PATH = /\/logout\/?$/;
const VISITOR_HEADER = "Talks-Visitor";
// Images, fonts and a deck's stylesheet: addressed by their content, never changed.
const IMAGE_PATH = /^\/decks\/[^/]+\/(images\/[0-9a-f]+\/|fonts\/[0-9a-f]+\/|look\/[0-9a-f]+\.css$)/;
const STATIC_PATH = /^\/static\//;
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;
const PARALLEL_IMAGES = 6;
const MATCH = { ignoreVary: true };

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(dropExpired().then(() => self.clients.claim())));

// One keep at a time per deck, so two windows opening together never prune
// each other's work.
const keeping = new Map();

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "forget-deck" && data.slug) {
    event.waitUntil(caches.delete(DECK_CACHE + data.slug));
    return;
  }
  if (data.type !== "keep-deck" || !data.slug) return;
  const report = (message) => event.source && event.source.postMessage({ type: "offline-progress", slug: data.slug, ...message });
  const previous = keeping.get(data.slug) || Promise.resolve();
  const next = previous.then(() => keepDeck(data, report)).catch((error) => report({ error: String(error) }));
  keeping.set(data.slug, next);
  event.waitUntil(next);
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && LOGOUT_PATH.test(url.pathname)) {
    event.respondWith(forgetOwnerDecks().then(() => fetch(request)));
    return;
  }
  if (request.method !== "GET") return;
  if (IMAGE_PATH.test(url.pathname)) event.respondWith(cacheFirst(request));
  else if (STATIC_PATH.test(url.pathname) || request.mode === "navigate" || url.pathname.endsWith("/live/panel")) {
    event.respondWith(networkFirst(request));
  }
});

async function deckCaches() {
  const names = (await caches.keys()).filter((name) => name.startsWith(DECK_CACHE));
  return Promise.all(names.map(async (name) => ({ name, cache: await caches.open(name) })));
}

async function metaOf(cache) {
  const meta = await cache.match(META);
  return meta ? meta.json() : { forget: true };
}

// A kept copy of `request`, from a deck copy that has not expired; expired copies are deleted on the way.
async function keptCopy(request) {
  const now = Date.now();
  for (const { name, cache } of await deckCaches()) {
    const info = await metaOf(cache);
    if (info.expires && info.expires < now) {
      await caches.delete(name);
      continue;
    }
    const found = await cache.match(request, MATCH);
    if (found) return found;
  }
  return undefined;
}

async function dropExpired() {
  const now = Date.now();
  for (const { name, cache } of await deckCaches()) {
    const info = await metaOf(cache);
    if (info.expires && info.expires < now) await caches.delete(name);
  }
}

// What a page of the app says about access: who it was served to (copies
// kept for anyone else go), and, answering 403 or 404, that its deck is no
// longer to be seen here (the copies holding it go).
async function followAccess(request, response) {
  const visitor = response.headers.get(VISITOR_HEADER);
  if (visitor !== null) await forgetOwnerDecks(visitor);
  if (response.status === 403 || response.status === 404) {
    for (const { name, cache } of await deckCaches()) {
      if (await cache.match(request, MATCH)) await caches.delete(name);
    }
  }
}

async function networkFirst(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const cached = await keptCopy(request);
    if (cached) return cached;
    throw error;
  }
  if (request.mode === "navigate") await followAccess(request, response);
  if (response.ok && !response.redirected) {
    // Refresh every kept copy of this address (a static file several decks use).
    for (const { cache } of await deckCaches()) {
      if (await cache.match(request, MATCH)) await cache.put(request, response.clone());
    }
  } else if (response.status >= 500) {
    // The app is down behind the platform's router: the copy beats an error page.
    return (await keptCopy(request)) || response;
  }
  return response;
}

async function cacheFirst(request) {
  return (await keptCopy(request)) || fetch(request);
}

async function fetchKept(url) {
  const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
  if (!response.ok || response.redirected) throw new Error(`${url} answered ${response.status}`);
  return response;
}

async function store(cache, url) {
  const response = await fetchKept(url);
  await cache.put(url, response.clone());
  return response;
}

// The static files a page loads, and the modules a module imports, both at
// load and when needed (a dynamic import, such as the rehearsal recorder).
function linkedStatic(text, base) {
  const found = new Set();
  for (const match of text.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)) found.add(new URL(match[1], base).href);
  return found;
}

function importedModules(text, base) {
  const found = new Set();
  for (const match of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+\.js)["']/g)) found.add(new URL(match[1], base).href);
  return found;
}

async function keepDeck({ slug, forget, expires, prune, pages, images, look = [] }, report) {
  // The pages first, so that the copy is marked with whom they were served
  // to before it holds any of them.
  const fetched = [];
  for (const page of pages) {
    const url = new URL(page, self.location.origin).href;
    try {
      fetched.push([url, await fetchKept(url)]);
    } catch {
      fetched.push([url, null]);
    }
  }
  const cache = await caches.open(DECK_CACHE + slug);
  // Once an owner-only page is in this cache, logging out must clear it; a
  // copy refreshed online is kept for whoever it was refreshed for, until
  // its new expiry. Offline, what was said before holds.
  const before = (await cache.match(META)) ? await metaOf(cache) : {};
  const online = fetched.find(([, response]) => response);
  const meta = {
    slug,
    forget: Boolean(forget || before.forget),
    visitor: online ? online[1].headers.get(VISITOR_HEADER) : before.visitor,
    expires: online ? expires || before.expires || null : before.expires || null,
  };
  await cache.put(META, new Response(JSON.stringify(meta)));
  const wanted = new Set([new URL(META, self.location.origin).href]);
  let pagesKept = 0;
  let pagesFetched = 0;
  const missingPages = [];
  const statics = new Set();
  for (const [url, response] of fetched) {
    wanted.add(url);
    if (response) {
      await cache.put(url, response.clone());
      pagesKept += 1;
      pagesFetched += 1;
      for (const file of linkedStatic(await response.text(), url)) statics.add(file);
    } else if (await cache.match(url, MATCH)) {
      // Offline: the copy kept earlier stays.
      pagesKept += 1;
    } else {
      missingPages.push(new URL(url).pathname);
    }
  }

  const queue = [...statics];
  while (queue.length) {
    const url = queue.shift();
    wanted.add(url);
    try {
      let response = HASHED.test(new URL(url).pathname) ? await cache.match(url, MATCH) : null;
      if (!response) response = await store(cache, url);
      if (url.endsWith(".js")) {
        for (const module of importedModules(await response.clone().text(), url)) {
          if (!statics.has(module)) {
            statics.add(module);
            queue.push(module);
          }
        }
      }
    } catch { /* counted as missing below only for images; a page without a static file still shows */ }
  }

  const imageUrls = [...new Set(images.map((image) => new URL(image, self.location.origin).href))];
  const lookUrls = [...new Set(look.map((file) => new URL(file, self.location.origin).href))];
  const missing = [];
  let done = 0;
  let lookDone = 0;
  const counts = () => ({ done, total: imageUrls.length, lookDone, lookTotal: lookUrls.length });
  const keepImage = async (url, isLook) => {
    wanted.add(url);
    if (!(await cache.match(url, MATCH))) {
      try { await store(cache, url); } catch { missing.push(url); }
    }
    if (!missing.includes(url)) {
      if (isLook) lookDone += 1;
      else done += 1;
    }
    report({ ...counts(), finished: false });
  };
  const files = [...lookUrls.map((url) => [url, true]), ...imageUrls.map((url) => [url, false])];
  const workers = Array.from({ length: PARALLEL_IMAGES }, async (_, worker) => {
    for (let index = worker; index < files.length; index += PARALLEL_IMAGES) await keepImage(...files[index]);
  });
  await Promise.all(workers);

  // Online, everything fetched, from the page that lists the whole deck:
  // drop what the deck no longer uses (an old image, the previous deploy's
  // static files).
  if (prune && pagesFetched === pages.length && !missing.length) {
    for (const request of await cache.keys()) if (!wanted.has(request.url)) await cache.delete(request);
  }
  report({ ...counts(), missing, missingPages, pages: pagesKept, pagesTotal: pages.length, finished: true });
}

// The copies only their owner may read: all of them (a logout), or those kept for another visitor than `visitor`.
async function forgetOwnerDecks(visitor = null) {
  for (const { name, cache } of await deckCaches()) {
    const info = await metaOf(cache);
    if (info.forget && (visitor === null || info.visitor !== visitor)) await caches.delete(name);
  }
}
