// The Logits page's histogram: how many classes' logits fall in each bin. Python sends the
// bins (core.photo.live.histogram_bins), the counts and each bar's words; the piece only draws.
// A new photo or model sends new data: the same root redraws in place.

function lxhDraw(root, st) {
  const d = st.data;
  const L = d.labels;
  const w = lxChartFrame(root, st);
  const top = L.title.length * 20 + 6; // the title lines (lxTitleLines) and a gap
  const b = { x0: 58, x1: w - 12, y0: top + 14, y1: top + 14 + 190 };
  st.area.textContent = "";
  const svg = lxSvg(st.area, w, b.y1 + 44, L.title.join(" "));
  lxTitleLines(svg, L.title, 4, 20);
  const e = d.edges;
  const most = Math.max(1, ...d.counts);
  const sx = lxScale(e[0], e[e.length - 1], b.x0, b.x1);
  const sy = lxScale(0, most * 1.05, b.y1, b.y0);
  lxAxes(svg, b, sx, sy, {
    xTicks: lxTicks(e[0], e[e.length - 1], Math.max(3, Math.floor((b.x1 - b.x0) / 70))),
    yTicks: lxTicks(0, most * 1.05, 4).filter(Number.isInteger), fx: lxTickText,
    fy: lxTickText, xTitle: L.x, yTitle: L.y, yTitleLeft: 14 });
  lxColumns(svg, e.slice(0, -1), e.slice(1), d.counts, sx, sy, "lxh-bar", d.tips);
  st.svg = svg;
  lxShown(root, st, { counts: d.counts.join(","), edges: d.edge_text.join(",") }, "torch");
}

export default function (component) {
  return lxPiece(component, "lxh-root lx-root", {
    unchanged: () => true,
    apply: (root, st, data) => { st.data = data; lxhDraw(root, st); },
    resize: (root, st) => lxhDraw(root, st),
  });
}
