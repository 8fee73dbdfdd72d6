// Moving on to the next version of a block of code that steps
// (decks/shorthand/code_steps.py): the lines that stay glide from where they
// were to where they are now, while the new ones fade in (.code-line-changed,
// presenter/theme.css). Steps are drawn by the server; this only eases the
// change between two of them, on the projector, and not at all for anyone
// who asks for reduced motion.

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
const GLIDE_MS = 350;

// Pairs (old index, new index) of the lines both versions have, in order.
export function keptLines(before, after) {
  const rows = before.length + 1;
  const columns = after.length + 1;
  const longest = Array.from({ length: rows }, () => new Array(columns).fill(0));
  for (let i = before.length - 1; i >= 0; i -= 1) {
    for (let j = after.length - 1; j >= 0; j -= 1) {
      longest[i][j] = before[i] === after[j] ? longest[i + 1][j + 1] + 1 : Math.max(longest[i + 1][j], longest[i][j + 1]);
    }
  }
  const pairs = [];
  for (let i = 0, j = 0; i < before.length && j < after.length; ) {
    if (before[i] === after[j]) {
      pairs.push([i, j]);
      i += 1;
      j += 1;
    } else if (longest[i + 1][j] >= longest[i][j + 1]) i += 1;
    else j += 1;
  }
  return pairs;
}

function lines(block) {
  return [...block.querySelectorAll(".remark-code-line")];
}

function glide(before, after) {
  const newLines = lines(after);
  if (!newLines.length || !after.querySelector(".code-line-changed")) return;
  const height = newLines[0].offsetHeight;
  const oldTexts = lines(before).map((line) => line.textContent);
  for (const [from, to] of keptLines(oldTexts, newLines.map((line) => line.textContent))) {
    if (from === to) continue;
    const line = newLines[to];
    line.style.transition = "none";
    line.style.transform = `translateY(${(from - to) * height}px)`;
    line.getBoundingClientRect();
    line.style.transition = `transform ${GLIDE_MS}ms ease-out`;
    line.style.transform = "";
    line.addEventListener("transitionend", () => { line.style.transition = ""; }, { once: true });
  }
}

/** Glides the kept lines of code when `navigation` (deck-navigation.js) moves on by one step within a slide. */
export function glideCode(root, navigation) {
  let before = navigation.position;
  navigation.addEventListener("change", ({ detail }) => {
    const from = before;
    before = detail;
    if (reducedMotion.matches || from.slide !== detail.slide || detail.step !== from.step + 1) return;
    const step = (position) => root.querySelector(`[data-slide="${position.slide}"] > [data-step="${position.step}"]`);
    const oldBlocks = step(from)?.querySelectorAll("pre.code-steps") || [];
    const newBlocks = step(detail)?.querySelectorAll("pre.code-steps") || [];
    newBlocks.forEach((block, index) => { if (oldBlocks[index]) glide(oldBlocks[index], block); });
  });
}
