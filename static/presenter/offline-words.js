// How far the offline copy got, in words for the presenter view ("ready
// offline: 42/42 images", and the deck's own stylesheet and fonts when it has
// them: ", 7/7 look files"), from the progress offline-readiness.js reports.

export function describe(progress) {
  if (progress.unavailable) return "offline copy unavailable in this browser";
  if (progress.error) return `offline copy failed: ${progress.error}`;
  const look = progress.lookTotal ? `, ${progress.lookDone}/${progress.lookTotal} look files` : "";
  const images = `${progress.done}/${progress.total} images${look}`;
  if (!progress.finished) return `saving for offline: ${images}`;
  const pagesMissing = progress.pagesTotal - progress.pages;
  if (!progress.missing.length && !pagesMissing) return `ready offline: ${images}`;
  const missing = [
    progress.missing.length ? `${progress.missing.length} file${progress.missing.length === 1 ? "" : "s"}` : "",
    pagesMissing ? `${(progress.missingPages || []).join(", ") || `${pagesMissing} pages`}` : "",
  ].filter(Boolean);
  return `not ready offline: ${images}, missing ${missing.join(" and ")}`;
}
