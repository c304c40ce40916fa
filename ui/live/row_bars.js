// One bar per row of the batch, its value written above it and the ideal value as a dashed
// line: the NLL page's target probabilities and the Cross-entropy page's losses, one piece for
// both. Python sends torch's values, the text the tables write for them, each bar's height
// inside the range, the range, the ideal value and every word (core.losses.live), so the piece
// only draws. A batch change sends new data: the same root redraws in place.

function lxbDraw(root, st) {
  const d = st.data;
  const L = d.labels;
  const w = lxChartFrame(root, st);
  const top = L.title.length * 20 + 22; // the title lines, then room for a top bar's value
  const b = { x0: 58, x1: w - 12, y0: top, y1: top + 170 };
  st.area.textContent = "";
  const svg = lxSvg(st.area, w, b.y1 + 26, L.aria);
  lxTitleLines(svg, L.title, 4, 20);
  const n = d.rows.length;
  const sx = lxScale(0, n, b.x0, b.x1); // row i's slot is [i, i + 1]
  const sy = lxScale(0, d.hi, b.y1, b.y0);
  lxAxes(svg, b, sx, sy, { xTicks: d.rows.map((_, i) => i + 0.5),
                           fx: (v) => d.rows[Math.floor(v)], yTicks: lxTicks(0, d.hi, 5),
                           fy: lxTickText, yTitle: L.y, yTitleLeft: 14 });
  const heights = d.heights.map((v) => (v === null ? 0 : v));
  lxColumns(svg, d.rows.map((_, i) => i + 0.15), d.rows.map((_, i) => i + 0.85), heights,
            sx, sy, "lxb-bar", d.tips);
  lxEl(svg, "line", { x1: b.x0, x2: b.x1, y1: sy(d.ideal).toFixed(1), y2: sy(d.ideal).toFixed(1),
                      class: "lxb-ideal" });
  // the values, left to right; one that would touch its neighbour's is left to the tooltip
  const values = d.texts.map((s, i) => lxText(svg, sx(i + 0.5).toFixed(1),
                                              (sy(heights[i]) - 5).toFixed(1), s,
                                              { "text-anchor": "middle",
                                                class: "lx-value lxb-value" }));
  lxFitLabels(values, "x");
  st.svg = svg;
  lxShown(root, st, { values: d.texts.join(","), ideal: String(d.ideal), hi: String(d.hi),
                      shownValues: String(values.filter((v) => !v.getAttribute("display"))
                        .length) }, "torch");
}

export default function (component) {
  return lxPiece(component, "lxb-root lx-root", {
    unchanged: () => true,
    apply: (root, st, data) => { st.data = data; lxbDraw(root, st); },
    resize: (root, st) => lxbDraw(root, st),
  });
}
