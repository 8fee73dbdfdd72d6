// "Rehearse" in the presenter view: times a run through the deck, step by
// step, and posts it to the server when the speaker finishes.
//
// Time paused for questions is left out. A run survives a reload of the
// window (sessionStorage, under `key`) and is only sent once finished.
// presenter.js loads this module when the speaker first presses Rehearse;
// the returned toggle() does what that press asked.

export function bindRehearsal(page, navigation, { key, pace, restartTimer }) {
  const box = page.querySelector("[data-rehearsal]");
  const button = box.querySelector("[data-rehearse]");
  const saved = box.querySelector("[data-rehearsal-saved]");
  const token = box.querySelector("input[name=csrfmiddlewaretoken]").value;
  let run = null;
  try { run = JSON.parse(sessionStorage.getItem(key)); } catch { /* no run */ }

  const here = () => `${navigation.slide}.${navigation.step}`;

  // Adds the time since the last mark to the step it was spent on.
  function mark() {
    if (!run) return;
    const now = Date.now();
    if (run.since) run.steps[run.at] = (run.steps[run.at] || 0) + (now - run.since) / 1000;
    run.at = here();
    run.since = pace.inQuestions ? 0 : now;
    sessionStorage.setItem(key, JSON.stringify(run));
  }

  function show() {
    button.textContent = run ? "Finish rehearsal" : "Rehearse";
    button.setAttribute("aria-pressed", String(Boolean(run)));
    page.classList.toggle("is-rehearsing", Boolean(run));
  }

  function start() {
    navigation.first("rehearsal");
    pace.reset();
    restartTimer();
    run = { started: new Date().toISOString(), at: here(), since: Date.now(), steps: {} };
    sessionStorage.setItem(key, JSON.stringify(run));
    saved.hidden = true;
    show();
  }

  async function finish() {
    mark();
    const body = { started: run.started, finished: new Date().toISOString(), steps: run.steps };
    saved.hidden = false;
    saved.removeAttribute("href");
    saved.textContent = "Saving the run…";
    try {
      const response = await fetch(box.dataset.recordUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      if (!response.ok) throw new Error(Object.values(answer.errors || {}).flat().join(" ") || response.statusText);
      run = null;
      sessionStorage.removeItem(key);
      saved.href = answer.report_url;
      saved.textContent = `Run ${answer.number} saved: see the report`;
    } catch (error) {
      // Kept: pressing Finish again retries, once the server answers.
      saved.textContent = `Not saved (${error.message || "no connection"}); press Finish again`;
    }
    show();
  }

  function toggle() {
    if (run) finish();
    else start();
    button.blur();
  }

  navigation.addEventListener("change", mark);
  pace.addEventListener("questions", mark);
  button.addEventListener("click", toggle);
  show();
  return { toggle };
}
