// The softmax drag chart: one range input per class, redrawn in the browser on every `input`
// event (so the bars follow the thumb while it moves); the values go to Python on `change`
// (release, or a key press), as a trigger {values, names, seq} (lxCommitChange, piece.js).

function sxdBuild(root, st, data) {
  root.textContent = "";
  const head = document.createElement("div");
  head.className = "sxd-head";
  for (const t of data.labels.head) { // words come from Python, in the user's language
    const s = document.createElement("span");
    s.textContent = t;
    head.appendChild(s);
  }
  root.appendChild(head);
  st.rows = data.shown.map((name, i) => { // shown: the names as text (core.base.text.plain)
    const { row, input, logit, fill, p } = lxClassRow(
      "sxd", name, data, data.labels.aria.replace("{name}", () => name));
    row.dataset.i = String(i);
    input.dataset.i = String(i);
    root.appendChild(row);
    input.addEventListener("pointerdown", () => {
      st.pointer = true;
      st.before = st.values.slice();
    });
    input.addEventListener("input", () => {
      st.values[i] = Number(input.value);
      sxdDraw(root, st, lxSoftmax(st.values), "browser");
    });
    input.addEventListener("change", () => sxdCommit(st));
    return { input, logit, fill, p, row };
  });
  st.foot = lxFoot(root, "", "sxd-foot");
}

function sxdDraw(root, st, probs, source) {
  let top = 0;
  probs.forEach((v, i) => { if (v > probs[top]) top = i; });
  let sum = 0;
  st.rows.forEach((r, i) => {
    const p = probs[i];
    sum += p;
    r.logit.textContent = lxFixed(st.values[i], 4);
    r.fill.style.width = (100 * p).toFixed(3) + "%";
    r.p.textContent = lxFixed(p, 4);
    r.row.classList.toggle("sxd-top", i === top);
  });
  st.foot.textContent = st.labels.sum + " " + lxFixed(sum, 4) + " · " + (source === "torch"
    ? st.labels.torch : st.labels.browser);
  lxShown(root, st, { probs: probs.map((v) => lxFixed(v, 4)).join(","),
                      logits: st.values.map((v) => lxFixed(v, 4)).join(",") }, source);
}

function sxdCommit(st) {
  lxCommitChange(st, () => ({ values: st.values.slice(), names: st.names }));
}

function sxdApply(root, st, data) {
  const shape = JSON.stringify([data.names, data.lo, data.hi, data.step, data.labels]);
  if (shape !== st.shape) {
    sxdBuild(root, st, data);
    st.shape = shape;
  }
  st.values = data.logits.slice();
  st.names = data.names.slice();
  st.labels = data.labels;
  st.rows.forEach((r, i) => {
    const v = Math.min(Math.max(st.values[i], data.lo), data.hi);
    if (Number(r.input.value) !== v) r.input.value = String(v);
  });
  sxdDraw(root, st, data.probs, "torch");
}

export default function (component) {
  return lxPiece(component, "sxd-root", {
    init: { rows: [], values: [] }, apply: sxdApply,
    // if the thumb moved, its commit brings fresh data; else show what arrived meanwhile
    restOnRelease: true,
    unchanged: (st) => JSON.stringify(st.values) === JSON.stringify(st.before),
    colors: (root, colors) => {
      root.style.setProperty("--sxd-top", colors.top);
      root.style.setProperty("--sxd-base", colors.base);
    },
  });
}
