// How many columns the wall gets: the grid that makes tiles largest while all
// of them fit the window; on a small screen, a minimum tile width and the page
// scrolls. No DOM here: node's unit tests use it.

// n tiles in a width x height area; each tile is a picture of `aspect`
// (width / height) plus a bar of barHeight pixels; gap pixels between tiles.
// Returns {cols, tileWidth} (pixels).
export function wallLayout({ n, width, height, aspect = 4 / 3, barHeight = 36, gap = 8, minTileWidth = 260 }) {
  let best = { cols: 1, tileWidth: 0 };
  for (let cols = 1; cols <= n; cols++) {
    const rows = Math.ceil(n / cols);
    const byWidth = (width - gap * (cols - 1)) / cols;
    const byHeight = ((height - gap * (rows - 1)) / rows - barHeight) * aspect;
    const tileWidth = Math.min(byWidth, byHeight);
    if (tileWidth > best.tileWidth + 0.5) best = { cols, tileWidth };
  }
  if (best.tileWidth >= Math.min(minTileWidth, width)) return { cols: best.cols, tileWidth: Math.floor(best.tileWidth) };
  // Too small to fit on one screen: as many columns of the minimum width as
  // fit, as wide as they can be, and the page scrolls.
  const cols = Math.max(1, Math.min(n, Math.floor((width + gap) / (minTileWidth + gap))));
  return { cols, tileWidth: Math.floor((width - gap * (cols - 1)) / cols) };
}
