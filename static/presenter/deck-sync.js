// Keeps every window of one deck in this browser on the same step (presenter,
// projector, a second projector), both ways, without the server: once the
// pages are loaded they keep working offline.
//
// A window that opens (or reloads) says "hello"; the others answer with where
// they are, and the newcomer goes there: the windows already showing the deck
// win over the address of the one that just opened. Every local change is sent to the
// others with the time it happened, so a late answer to someone else's hello
// cannot pull a window back to an older position.

export function syncWindows(navigation, slug) {
  if (!("BroadcastChannel" in window)) return null;
  const channel = new BroadcastChannel(`talks-deck:${slug}`);
  let changedAt = 0;

  const send = (type) => channel.postMessage({ type, ...navigation.position, changedAt });

  navigation.addEventListener("change", ({ detail }) => {
    if (detail.source === "sync") return;
    changedAt = Date.now();
    send("position");
  });

  channel.addEventListener("message", ({ data }) => {
    if (data.type === "hello") {
      send("position");
    } else if (data.type === "position" && data.changedAt >= changedAt) {
      changedAt = data.changedAt;
      navigation.goTo(data.slide, data.step, { blackout: data.blackout, source: "sync" });
    }
  });

  send("hello");
  return channel;
}
