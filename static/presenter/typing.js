// A terminal session's "command typed" step, typed out letter by letter on
// the projector. The server's HTML of the step is its final state, and what
// every other view shows: the typing only hides the command's letters for a
// moment and shows them again one by one, ending on exactly that HTML. It
// plays when the talk moves on to the step from the one before it, at the
// deck's speed (letters a second; 0 is off), and never for anyone who asks
// for reduced motion.

const TYPED = ".session-typed";
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

// Each text node of `element` and its text, in reading order.
function textNodesOf(element) {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push([node, node.data]);
  return nodes;
}

class Typing {
  constructor(element, lettersPerSecond, onDone) {
    this.nodes = textNodesOf(element);
    this.total = this.nodes.reduce((sum, [, text]) => sum + text.length, 0);
    this.interval = 1000 / lettersPerSecond;
    this.element = element;
    this.onDone = onDone;
    this.timer = null;
  }

  start() {
    this.startedAt = performance.now();
    this.element.setAttribute("data-typing", "");
    this.show(0);
    this.tick();
  }

  tick() {
    const shown = Math.floor((performance.now() - this.startedAt) / this.interval) + 1;
    if (shown >= this.total) {
      this.finish();
      return;
    }
    this.show(shown);
    this.timer = setTimeout(() => this.tick(), this.interval);
  }

  // The first `count` letters of the command, over its text nodes.
  show(count) {
    let left = count;
    for (const [node, text] of this.nodes) {
      const part = text.slice(0, Math.max(0, left));
      if (node.data !== part) node.data = part;
      left -= text.length;
    }
  }

  finish() {
    clearTimeout(this.timer);
    for (const [node, text] of this.nodes) node.data = text;
    this.element.removeAttribute("data-typing");
    this.onDone();
  }
}

// Types the commands of the steps `navigation` (deck-navigation.js) moves on
// to, in the slide markup under `root`; `lettersPerSecond` of 0 turns it off.
export function typeCommands(root, navigation, lettersPerSecond) {
  let typing = null;
  let before = navigation.position;
  navigation.addEventListener("change", ({ detail }) => {
    if (typing) typing.finish();
    const cameFrom = before;
    before = detail;
    if (!(lettersPerSecond > 0) || reducedMotion.matches || detail.blackout) return;
    const next = navigation.nextPosition(cameFrom);
    if (cameFrom.blackout || next.slide !== detail.slide || next.step !== detail.step) return;
    const step = root.querySelector(`[data-slide="${detail.slide}"] > [data-step="${detail.step}"]`);
    const command = step && step.querySelector(TYPED);
    if (!command || !command.textContent) return;
    typing = new Typing(command, lettersPerSecond, () => { typing = null; });
    typing.start();
  });
  return { finish: () => typing && typing.finish() };
}
