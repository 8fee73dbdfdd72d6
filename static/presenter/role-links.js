// The owner's role links and the driving controls in the presenter view
// (templates/presenter/_role_links.html, fetched from presenter:links):
// make, list and revoke links, hand control, take it back, lock it, and the
// pointer. Who drives is kept current from the presenter's event stream.

const section = document.querySelector("[data-role-links]");

// Only the answer to the latest request is shown: a refresh that answers after
// "Make link" must not replace the new link, shown only once.
let latest = 0;

async function load(request) {
  const ticket = ++latest;
  section.dataset.loading = "true";
  let response;
  let html;
  try {
    response = await fetch(request || new Request(section.dataset.url, { headers: { Accept: "text/html" } }));
    html = await response.text();
  } catch {
    if (ticket === latest) {
      delete section.dataset.loading;
      showError("No connection: try again.");
    }
    return null;
  }
  if (ticket !== latest) return null;
  delete section.dataset.loading;
  if (!response.ok && response.status !== 400) {
    showError(`The server refused it (${response.status}).`);
    return null;
  }
  section.innerHTML = html;
  return section.querySelector("[data-role-links-body]");
}

function showError(text) {
  let error = section.querySelector("[data-role-links-error]");
  if (!error) {
    error = document.createElement("p");
    error.dataset.roleLinksError = "";
    error.setAttribute("role", "alert");
    section.prepend(error);
  }
  error.textContent = text;
}

const csrfToken = () => section.querySelector("input[name=csrfmiddlewaretoken]").value;

function post(url, body, json = false) {
  return new Request(url, {
    method: "POST",
    headers: { "X-CSRFToken": csrfToken(), Accept: "text/html", ...(json ? { "Content-Type": "application/json" } : {}) },
    body: json ? JSON.stringify(body) : body,
  });
}

async function control(action, to) {
  const body = section.querySelector("[data-role-links-body]");
  try {
    const response = await fetch(post(body.dataset.controlUrl, { action, to: to || "" }, true));
    if (!response.ok) {
      const answer = await response.json().catch(() => ({}));
      showError(answer.error || `The server refused it (${response.status}).`);
      return;
    }
  } catch {
    showError("No connection: try again.");
    return;
  }
  await load();
}

function showControl(message) {
  const body = section.querySelector("[data-role-links-body]");
  if (!body) return;
  const driver = body.querySelector("[data-driver]");
  const takeBack = body.querySelector("[data-control-action=take]");
  if (driver) driver.textContent = message.driver;
  if (takeBack) takeBack.hidden = message.driverLink === null;
  body.querySelector("[data-last-move]").textContent = message.lastMoveBy || "none yet";
  section.dataset.controlDriver = message.driver;
  section.dataset.controlLastMove = message.lastMoveBy;
}

section.addEventListener("submit", async (event) => {
  const form = event.target;
  event.preventDefault();
  await load(post(form.action, new FormData(form)));
});
section.addEventListener("click", (event) => {
  const button = event.target.closest("[data-control-action]");
  if (button) control(button.dataset.controlAction, button.dataset.to);
});

let pointer = null;
// The toggle sits under the slides, outside the dialog the links open in.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-pointer-toggle]");
  if (!toggle || !pointer) return;
  pointer.setToggled(!pointer.toggled);
  showPointerToggle();
  toggle.blur();
});

function showPointerToggle() {
  const toggle = document.querySelector("[data-pointer-toggle]");
  if (toggle) toggle.setAttribute("aria-pressed", String(Boolean(pointer && pointer.toggled)));
}

// Who drives changes from elsewhere only once a remote or co-presenter link
// exists: until then the page keeps no stream open for it.
let events = null;
function followControl() {
  const body = section.querySelector("[data-role-links-body]");
  if (events || !body || !("hasDrivers" in body.dataset)) return;
  events = new EventSource(body.dataset.eventsUrl);
  events.addEventListener("control", (event) => showControl(JSON.parse(event.data)));
}

// The pointer is on while D is held, or while toggled on; then the mouse over
// the current slide (`stage`, inside `surface`) points. The sender
// (pointer.js) is fetched the first time the pointer is on; a move made
// meanwhile is sent once it is there.
function bindPresenterPointer({ surface, stage, url }) {
  let toggled = false;
  let held = false;
  let loading = null;
  let sending = null;
  let waitingMove = null;
  const active = () => toggled || held;
  const release = () => { waitingMove = null; if (sending) sending.sender.release(); };

  const point = (event) => {
    if (!sending) { waitingMove = event; return; }
    const at = sending.fractionWithin(stage, event.clientX, event.clientY);
    if (at) sending.sender.move(at.x, at.y);
    else sending.sender.release();
  };

  const show = () => {
    document.body.classList.toggle("pointer-on", active());
    if (!active()) release();
    else if (!loading) {
      loading = import("./pointer.js").then(({ PointerSender, fractionWithin }) => {
        sending = { sender: new PointerSender(url, csrfToken()), fractionWithin };
        if (waitingMove && active()) point(waitingMove);
        waitingMove = null;
      }, () => { loading = null; }); // Offline and not kept: the next press tries again.
    }
  };

  document.addEventListener("keydown", (event) => {
    if (event.key !== "d" && event.key !== "D") return;
    if (event.target.closest && event.target.closest("input, textarea, select")) return;
    held = true;
    show();
  });
  document.addEventListener("keyup", (event) => {
    if (event.key !== "d" && event.key !== "D") return;
    held = false;
    show();
  });
  surface.addEventListener("mousemove", (event) => { if (active()) point(event); });
  surface.addEventListener("mouseleave", release);
  // Pressing and dragging would select the slide's text, and then drag the
  // selection instead of moving the pointer.
  for (const type of ["mousedown", "dragstart"]) {
    surface.addEventListener(type, (event) => { if (active()) event.preventDefault(); });
  }
  return {
    get toggled() { return toggled; },
    setToggled(on) {
      toggled = on;
      show();
    },
  };
}

const body = await load();
// Opening the dialog shows the links as they are now (going live may have made the
// audience link since), unless a new link is on show: its URL is shown only once.
const dialog = section.closest("dialog");
if (dialog) {
  dialog.addEventListener("opened", () => {
    if (!section.querySelector("[data-made-link]")) load();
  });
}
if (body) {
  followControl();
  pointer = bindPresenterPointer({
    surface: document.querySelector("[data-frame-current]"),
    stage: document.querySelector("[data-stage-current]"),
    url: body.dataset.pointerUrl,
  });
  // The panel is re-rendered after each change; keep the toggle's look.
  new MutationObserver(() => {
    showPointerToggle();
    followControl();
  }).observe(section, { childList: true });
}
