// The live panel of the presenter view (templates/presenter/_live_panel.html).
//
// Once the talk is live (the speaker presses "Go live", or opens the presenter
// view while it is), every move of the presenter's DeckNavigation goes to the
// server, which tells followers and controlled projectors; moves made on
// another of the speaker's devices come back and are followed. The panel shows
// how many people follow and whether this window's own connection is healthy.
// Before that the presenter view stays as it is: it works without the server,
// and the connection's module (live-connection.js) is not even fetched.
//
// The panel shows the audience link (a private deck's viewer link, made on Go
// live; the follow URL otherwise) and who can open it; its QR code, the role
// links and who drives open over the view in a dialog. "End talk" asks first.

const HEALTH_TEXT = {
  connecting: "Connecting…",
  live: "Connected",
  reconnecting: "Connection lost, reconnecting…",
  polling: "Connected (polling)",
};
const RETRY_MILLISECONDS = 1000;

async function fetchPanel(panel) {
  const response = await fetch(panel.dataset.panelUrl, { headers: { Accept: "text/html" } });
  if (!response.ok) throw new Error(`live panel answered ${response.status}`);
  const fetched = document.createElement("div");
  fetched.innerHTML = await response.text();
  return fetched.querySelector("[data-live-panel-body]");
}

// The audience link and its QR code, in the panel and in the dialog.
function showAudience(body, fetched) {
  body.querySelector("[data-audience]").replaceWith(fetched.querySelector("[data-audience]"));
  const share = document.querySelector("[data-audience-slot]");
  if (share) share.replaceChildren(fetched.querySelector("template[data-audience-share]").content.cloneNode(true));
}

export async function connectLive(navigation, panel = document.querySelector("[data-live-panel]"), clock = null) {
  if (!panel) return;
  let body;
  try {
    body = await fetchPanel(panel);
    const share = document.querySelector("[data-audience-slot]");
    if (share) share.replaceChildren(body.querySelector("template[data-audience-share]").content.cloneNode(true));
    panel.replaceChildren(body);
  } catch {
    panel.querySelector("[data-live-health]").textContent = "Live sharing is unavailable right now.";
    panel.dataset.health = "error";
    return;
  }
  const health = body.querySelector("[data-live-health]");
  const followers = body.querySelector("[data-followers]");
  const stateLabel = body.querySelector("[data-live-state]");
  const startButton = body.querySelector("[data-live-action=start]");
  const endButton = body.querySelector("[data-live-action=end]");
  const token = body.querySelector("input[name=csrfmiddlewaretoken]").value;
  // The status and button texts, from presenter/models.py.
  const labels = JSON.parse(body.querySelector("#live-labels").textContent);
  // Made once this window shares its moves (connect()).
  let connection = null;
  // The newest state saved by this window: its copy from the stream has nothing to move.
  let ownSequence = -1;
  let connected = false;
  let saveError = "";
  let pending = null;
  let sending = false;
  // Whether this window shares its moves, and the moves the server has not
  // taken yet, survive a reload, even an offline one (the service worker
  // keeps this panel): they are sent, merged into one, once it answers.
  const memoryKey = `talks-live:${panel.dataset.panelUrl}`;
  let remembered = {};
  try { remembered = JSON.parse(sessionStorage.getItem(memoryKey)) || {}; } catch { /* nothing kept */ }
  let unsent = null;
  const remember = () => sessionStorage.setItem(memoryKey, JSON.stringify({ connected, unsent }));

  function showHealth() {
    if (!connected) {
      panel.dataset.health = "off";
      health.textContent = "Not sharing";
      return;
    }
    const status = connection ? connection.status : "connecting";
    const healthy = status === "live" || status === "polling";
    panel.dataset.health = saveError ? "error" : healthy ? "ok" : "warning";
    health.textContent = saveError || HEALTH_TEXT[status];
  }

  // Going live on a private deck makes the audience link: show it.
  async function refreshAudience() {
    try {
      showAudience(body, await fetchPanel(panel));
    } catch {
      // Kept as it was; the next change of status tries again.
    }
  }

  function showState({ status }) {
    if (clock) clock.follow(status);
    if (status !== panel.dataset.status && status === "live") refreshAudience();
    panel.dataset.status = status;
    stateLabel.textContent = labels.status[status];
    startButton.hidden = status === "live";
    startButton.textContent = labels.start_button[status];
    endButton.hidden = status !== "live";
  }

  // One request at a time; moves made meanwhile are merged into the next.
  async function send(change) {
    pending = { ...pending, ...change };
    unsent = { ...unsent, ...change };
    remember();
    if (sending) return;
    sending = true;
    while (pending) {
      const sent = pending;
      pending = null;
      try {
        const response = await fetch(body.dataset.stateUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token },
          body: JSON.stringify(sent),
        });
        if (response.status >= 400 && response.status < 500) {
          // Someone else drives (a phone, a co-presenter): say who, and follow the talk.
          const refusal = await response.json().catch(() => ({}));
          saveError = refusal.error ? `Not shared: ${refusal.error}` : `Not shared: the server refused it (${response.status}).`;
          unsent = null;
          remember();
          if (refusal.state) navigation.goTo(refusal.state.slide + 1, refusal.state.step + 1, { blackout: refusal.state.blackout, source: "live" });
        } else if (!response.ok) {
          throw new Error(`state endpoint answered ${response.status}`);
        } else {
          const state = await response.json();
          saveError = "";
          if (!pending) {
            unsent = null;
            remember();
          }
          ownSequence = Math.max(ownSequence, state.sequence);
          if (connection) connection.sequence = Math.max(connection.sequence, ownSequence);
          showState(state);
        }
      } catch {
        saveError = "Not shared yet, retrying…";
        pending = { ...sent, ...pending };
        showHealth();
        await new Promise((resolve) => setTimeout(resolve, RETRY_MILLISECONDS));
      }
      showHealth();
    }
    sending = false;
  }

  const position = ({ slide, step, blackout }) => ({ slide: slide - 1, step: step - 1, blackout });

  async function openConnection() {
    const { LiveConnection } = await import("./live-connection.js");
    connection = new LiveConnection({ eventsUrl: body.dataset.eventsUrl, stateUrl: body.dataset.stateUrl });
    connection.sequence = ownSequence;
    connection.addEventListener("state", ({ detail }) => {
      showState(detail);
      // Moved from another of the speaker's devices: follow, unless a move of
      // ours is on its way and will supersede it.
      if (detail.status === "live" && !sending) {
        navigation.goTo(detail.slide + 1, detail.step + 1, { blackout: detail.blackout, source: "live" });
      }
    });
    connection.addEventListener("followers", ({ detail }) => {
      followers.textContent = String(detail.followers);
    });
    connection.addEventListener("status", showHealth);
    connection.start();
    showHealth();
  }

  function connect() {
    if (connected) return;
    connected = true;
    remember();
    showHealth();
    openConnection().catch(() => {
      // Moves are still sent; only news from the server is missing.
      saveError = "Live updates are unavailable right now: reload to retry.";
      showHealth();
    });
  }

  navigation.addEventListener("change", ({ detail }) => {
    if (connected && detail.source !== "live") send(position(detail));
  });
  startButton.addEventListener("click", () => {
    connect();
    send({ action: "start", ...position(navigation.position) });
  });
  // Ending is for everyone at once: it asks first (Escape or "Keep presenting" keep the talk going).
  const confirmEnd = body.querySelector("[data-end-confirm]");
  let openedByKeyboard = false;
  endButton.addEventListener("click", (event) => {
    // A click from the keyboard has no mouse position (detail 0): the focus comes back to the button then.
    openedByKeyboard = event.detail === 0;
    confirmEnd.returnValue = "";
    confirmEnd.showModal();
  });
  confirmEnd.addEventListener("close", () => {
    if (confirmEnd.returnValue === "end") send({ action: "end" });
    // Otherwise keys go back to the deck: a clicker's space must not ask again.
    if (!openedByKeyboard) endButton.blur();
  });

  panel.dataset.status = body.dataset.status;
  if (clock) {
    // A clock read from the panel kept offline is not fresh: its "now" cannot correct this computer's.
    clock.set(JSON.parse(body.querySelector("#live-clock").textContent), { correct: false });
    clock.follow(body.dataset.status);
  }
  showHealth();
  // Reopened during the talk: carry on where it is, and share what was not shared yet.
  if (body.dataset.status === "live" || remembered.connected) connect();
  if (connected && remembered.unsent) send(remembered.unsent);
}

// On the presenter page, templates/presenter/_live_panel.html loads this
// module. The page's own module comes later in the document and makes the
// navigation; module scripts all run before DOMContentLoaded.
function connectPresenterPage() {
  const page = document.querySelector("[data-presenter]");
  if (!page || !page.navigation) return false;
  connectLive(page.navigation, undefined, page.talkClock);
  return true;
}

// The QR code, role links and driving open over the view, so the panel itself never scrolls.
function bindLiveDialog() {
  const dialog = document.querySelector("[data-live-dialog]");
  const opener = document.querySelector("[data-open-live-dialog]");
  if (!dialog || !opener) return;
  opener.addEventListener("click", () => {
    dialog.showModal();
    dialog.dispatchEvent(new Event("opened"));
  });
  dialog.addEventListener("close", () => opener.blur());
  // A click on the backdrop (outside the dialog's box) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target !== dialog) return;
    const box = dialog.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) dialog.close();
  });
}
bindLiveDialog();

if (document.querySelector("[data-live-panel]") && !connectPresenterPage()) {
  document.addEventListener("DOMContentLoaded", connectPresenterPage, { once: true });
}
