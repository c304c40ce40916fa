// The NLL page's heatmap: each row's softmax, one cell per class, each row's target cell
// outlined. Python sends torch's probabilities with their text as the tables write them, each
// cell's colour and the ink that reads on it, the targets, each cell's hover text and every
// word (core.losses.live.heatmap_data), so the piece only draws. A batch change sends new data:
// the same root redraws in place. Class names are the learner's text: text nodes only, cut
// with "…" to their column, whole in their tooltip.

const LXM_CELL_H = 28;
const LXM_BAR_W = 48; // the colour bar, its ticks and their gap to the grid
let lxmGradients = 0; // an id is the document's, not the SVG's: one per drawing

function lxmDraw(root, st) {
  const d = st.data;
  const L = d.labels;
  const w = lxChartFrame(root, st);
  const n = d.rows.length, c = d.classes.length;
  const top = L.title.length * 20 + 22; // the title lines, then room for the bar's "p"
  const y1 = top + n * LXM_CELL_H;
  st.area.textContent = "";
  const svg = lxSvg(st.area, w, y1 + 24, L.aria);
  lxTitleLines(svg, L.title, 4, 20);
  // the rows' names first: the widest sets where the grid starts
  const names = d.rows.map((r, i) => lxText(svg, 0, top + (i + 0.5) * LXM_CELL_H + 4, r,
                                            { "text-anchor": "end", class: "lx-tick" }));
  const x0 = Math.min(Math.max(...names.map((t) => t.getComputedTextLength())) + 10,
                      Math.floor(w * 0.3));
  for (const t of names) {
    t.setAttribute("x", x0 - 6);
    lxClip(t, x0 - 8);
  }
  const x1 = w - LXM_BAR_W;
  const cw = (x1 - x0) / c;
  const grid = lxEl(svg, "g", { class: "lxm-grid" });
  const values = [];
  d.rows.forEach((_, i) => d.classes.forEach((__, j) => {
    const x = x0 + j * cw, y = top + i * LXM_CELL_H;
    const cell = lxEl(grid, "rect", { x: x.toFixed(1), y, width: (cw + 0.5).toFixed(1),
                                      height: LXM_CELL_H + 0.5, class: "lxm-cell" });
    cell.style.fill = d.fills[i][j];
    lxEl(cell, "title").textContent = d.tips[i][j];
    const v = lxText(grid, (x + cw / 2).toFixed(1), y + LXM_CELL_H / 2 + 4, d.texts[i][j],
                     { "text-anchor": "middle", class: "lxm-v" });
    v.style.fill = d.inks[i][j];
    // a number wider than its cell is made smaller, then left to its cell's tooltip: never
    // drawn over its neighbours
    if (v.getComputedTextLength() > cw - 4) v.classList.add("lxm-small");
    if (v.getComputedTextLength() > cw - 4) v.setAttribute("display", "none");
    values.push(v);
  }));
  d.targets.forEach((j, i) => {
    lxEl(svg, "rect", { x: (x0 + j * cw + 1.5).toFixed(1), y: top + i * LXM_CELL_H + 1.5,
                        width: Math.max(cw - 3, 1).toFixed(1), height: LXM_CELL_H - 3,
                        class: "lxm-target", "data-row": i, "data-col": j });
  });
  const classNames = d.classes.map((name, j) => {
    const t = lxText(svg, (x0 + (j + 0.5) * cw).toFixed(1), y1 + 16, name,
                     { "text-anchor": "middle", class: "lx-tick lxm-class" });
    lxClip(t, cw - 4);
    if (!t.querySelector("title")) lxEl(t, "title").textContent = name;
    return t;
  });
  lxFitLabels(classNames, "x"); // many narrow columns: a name cut to "X…" may still touch
  lxmColourBar(svg, d, x1 + 10, top, y1);
  st.svg = svg;
  lxShown(root, st, { cells: d.texts.map((r) => r.join(",")).join(";"),
                      targets: d.targets.join(","), classes: String(c),
                      hidden: String(values.filter((v) => v.getAttribute("display")).length) },
          "torch");
}

// The scale from p = 0 (bottom) to p = 1 (top), with its stops from Python and its ticks.
function lxmColourBar(svg, d, x, y0, y1) {
  const id = `lxm-scale-${(lxmGradients += 1)}`;
  const grad = lxEl(lxEl(svg, "defs"), "linearGradient", { id, x1: 0, y1: 1, x2: 0, y2: 0 });
  for (const [at, colour] of d.scale) {
    lxEl(grad, "stop", { offset: at, "stop-color": colour }); // an attribute: a PNG keeps it
  }
  lxEl(svg, "rect", { x, y: y0, width: 10, height: y1 - y0, fill: `url(#${id})`,
                      class: "lxm-bar" });
  const sy = lxScale(0, 1, y1, y0);
  const ticks = [...d.ticks].sort((a, b) => Math.abs(b - 0.5) - Math.abs(a - 0.5)); // ends first
  lxFitLabels(ticks.map((v) => lxText(svg, x + 14, Math.min(Math.max(sy(v) + 4, y0 + 8), y1),
                                      lxTickText(v), { class: "lx-tick" })), "y");
  lxText(svg, x + 5, y0 - 6, d.labels.bar, { "text-anchor": "middle", class: "lx-title" });
}

export default function (component) {
  return lxPiece(component, "lxm-root lx-root", {
    unchanged: () => true,
    apply: (root, st, data) => { st.data = data; lxmDraw(root, st); },
    resize: (root, st) => lxmDraw(root, st),
  });
}
