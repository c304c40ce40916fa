// The Logits page's overview chart: every logit of the photo by class index, the top k picked
// out and labelled in lanes above the points. Python sends the logits as the page writes them
// (4 decimals; the position is read from the same text), the class names, and each label's
// lane and centre (core.photo.live.label_places: no two labels of a lane overlap), so the
// piece only draws. A new photo or model sends new data: the same root redraws in place. Every
// word comes from Python; class names are text nodes, never markup.

function lxoDraw(root, st) {
  const d = st.data;
  const L = d.labels;
  const z = d.logits.map(Number); // "NaN" and "inf" read as NaN/±Infinity: not drawn
  const n = z.length;
  const w = lxChartFrame(root, st);
  const laneH = 16;
  const top = L.title.length * 20 + 6; // the title lines (lxTitleLines) and a gap
  const y0 = top + d.levels * laneH + 10;
  const b = { x0: 58, x1: w - 12, y0, y1: y0 + 230 };
  const h = b.y1 + 44;
  st.area.textContent = "";
  const svg = lxSvg(st.area, w, h, L.title.join(" "));
  svg.setAttribute("role", "group"); // its top points can take the focus
  lxTitleLines(svg, L.title, 4, 20);
  const finite = z.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0, hi = finite.length ? Math.max(...finite) : 1;
  const span = hi - lo || 1;
  lo -= 0.05 * span;
  hi += 0.05 * span;
  const sx = lxScale(0, Math.max(n - 1, 1), b.x0, b.x1);
  const sy = lxScale(lo, hi, b.y1, b.y0);
  lxAxes(svg, b, sx, sy, { xTicks: lxTicks(0, n - 1, Math.max(3, Math.floor((b.x1 - b.x0) / 70))),
                           yTicks: lxTicks(lo, hi, 5), fx: lxTickText, fy: lxTickText,
                           xTitle: L.x, yTitle: L.y, yTitleLeft: 14 });
  if (lo < 0 && hi > 0) {
    lxEl(svg, "line", { x1: b.x0, x2: b.x1, y1: sy(0), y2: sy(0), class: "lxo-zero" });
  }
  const rank = new Map(d.top.map((t, k) => [t.index, k]));
  const tip = (i) => L.point.replace("{index}", () => String(i))
    .replace("{name}", () => d.names[i]).replace("{logit}", () => d.logits[i]);
  const xs = z.map((_, i) => i);
  // the other classes first, the top k over them (and over the lines to their labels)
  lxDots(svg, xs, z.map((v, i) => (rank.has(i) ? NaN : v)), sx, sy,
         () => ["lxo-pt", 2.2], tip);
  const items = d.top.map((t) => ({ x: sx(t.index), y: sy(z[t.index]) - 4,
                                    cx: b.x0 + t.centre * (b.x1 - b.x0), lane: t.level,
                                    text: t.name }));
  st.labels = lxLaneLabels(svg, items.filter((it) => Number.isFinite(it.y)),
                           (lane) => top + (d.levels - lane) * laneH - 4);
  const dots = lxDots(svg, xs, z.map((v, i) => (rank.has(i) ? v : NaN)), sx, sy,
                      () => ["lxo-top", 4.5], tip);
  for (const t of d.top) {
    const dot = dots[t.index];
    if (!dot) continue;
    dot.setAttribute("tabindex", "0");
    dot.setAttribute("aria-label", tip(t.index));
  }
  st.svg = svg;
  const first = d.top[0] || { index: -1, name: "", logit: "" };
  lxShown(root, st, { top: d.top.map((t) => t.index).join(","), top1: first.name,
                      top1Logit: first.logit, points: String(finite.length),
                      levels: String(d.levels) }, "torch");
}

export default function (component) {
  return lxPiece(component, "lxo-root lx-root", {
    unchanged: () => true,
    apply: (root, st, data) => { st.data = data; lxoDraw(root, st); },
    resize: (root, st) => lxoDraw(root, st),
  });
}
