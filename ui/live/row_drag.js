// The loss pages' "drag one row": pick a row of the batch, one thumb per class. While a thumb
// moves the browser redraws that row's softmax bars, p(target), −log p(target) and the batch's
// mean loss with ui/live/math.js (lxSoftmax, lxCrossEntropy); at rest every number is torch's
// (sent by Python). On release (or a key press) {row, values, names, seq} goes back, debounced.
// No words here: labels come from Python; class names go in as text, never markup.

function lxrBuild(root, st, data) {
  root.textContent = "";
  const L = data.labels;
  const pickRow = document.createElement("label");
  pickRow.className = "lxr-pick";
  const pickText = document.createElement("span");
  pickText.textContent = L.row_pick;
  const select = document.createElement("select");
  select.className = "lxr-select";
  data.rows.forEach((text, i) => {
    const o = document.createElement("option");
    o.value = String(i);
    o.textContent = text; // holds a class name: text only
    select.appendChild(o);
  });
  pickRow.append(pickText, select);
  root.appendChild(pickRow);
  const readouts = document.createElement("div");
  readouts.className = "lx-readouts";
  st.out = { p: lxReadout(readouts, L.p_target), nll: lxReadout(readouts, L.nll),
             mean: lxReadout(readouts, L.mean) };
  root.appendChild(readouts);
  const list = document.createElement("div");
  list.className = "lxr-list";
  st.rows = data.shown.map((name, j) => {
    const { row, label, input, logit, fill, p } = lxClassRow(
      "lxr", name, data, L.thumb_aria.replace("{name}", () => name));
    const mark = document.createElement("span");
    mark.className = "lxr-mark";
    mark.textContent = L.target;
    label.appendChild(mark);
    list.appendChild(row);
    input.addEventListener("pointerdown", () => {
      st.pointer = true;
      st.before = st.values[st.row].slice();
    });
    input.addEventListener("input", () => {
      st.values[st.row][j] = Number(input.value);
      lxrBrowser(root, st);
    });
    input.addEventListener("change", () => lxrCommit(st));
    return { row, input, logit, fill, p, mark };
  });
  root.appendChild(list);
  st.foot = lxFoot(root);
  st.select = select;
  select.addEventListener("change", () => {
    st.row = Number(select.value);
    lxrThumbs(st);
    lxrTorch(root, st);
  });
}

function lxrThumbs(st) {
  const t = st.data.targets[st.row];
  st.rows.forEach((r, j) => {
    const v = Math.min(Math.max(st.values[st.row][j], st.data.lo), st.data.hi);
    if (Number(r.input.value) !== v) r.input.value = String(v);
    r.row.classList.toggle("lxr-is-target", j === t);
  });
}

// Draw the chosen row: probs (C), its loss, the batch's mean loss; source "torch" or "browser".
function lxrDraw(root, st, probs, loss, mean, source) {
  const data = st.data;
  const t = data.targets[st.row];
  const row = st.values[st.row];
  st.rows.forEach((r, j) => {
    r.logit.textContent = lxFixed(row[j], 4);
    r.fill.style.width = (100 * Math.min(Math.max(probs[j], 0), 1)).toFixed(3) + "%";
    r.p.textContent = lxFixed(probs[j], 4);
  });
  st.out.p.textContent = lxFixed(probs[t], 4);
  st.out.nll.textContent = lxFixed(loss, 4);
  st.out.mean.textContent = lxFixed(mean, 4);
  st.foot.textContent = source === "torch" ? data.labels.torch : data.labels.browser;
  lxShown(root, st, {
    row: String(st.row),
    shown: JSON.stringify({ probs: probs.map((p) => lxFixed(p, 4)), p: lxFixed(probs[t], 4),
                            loss: lxFixed(loss, 4), mean: lxFixed(mean, 4),
                            logits: row.map((v) => lxFixed(v, 4)) }),
    exact: JSON.stringify({ probs, loss, mean, logits: row }) }, source);
}

function lxrTorch(root, st) {
  const d = st.data;
  lxrDraw(root, st, d.probs[st.row], d.losses[st.row], d.mean, "torch");
}

// The browser's own numbers while a thumb moves (ui/live/math.js), every row of the batch.
function lxrBrowser(root, st) {
  const d = st.data;
  let sum = 0;
  st.values.forEach((z, i) => { sum += lxCrossEntropy(z, d.targets[i]); });
  const z = st.values[st.row];
  lxrDraw(root, st, lxSoftmax(z), lxCrossEntropy(z, d.targets[st.row]), sum / st.values.length,
          "browser");
}

function lxrCommit(st) {
  const row = st.row;
  lxCommitChange(st, () => ({ row, values: st.values[row].slice(), names: st.data.names }));
}

function lxrApply(root, st, data) {
  const shape = JSON.stringify([data.names, data.rows, data.lo, data.hi, data.step, data.labels]);
  st.data = data;
  st.values = data.logits.map((r) => r.slice());
  if (shape !== st.shape) {
    lxrBuild(root, st, data);
    st.shape = shape;
  }
  st.row = Math.min(Math.max(st.row === undefined ? data.row : st.row, 0), data.rows.length - 1);
  st.select.value = String(st.row);
  lxrThumbs(st);
  lxrTorch(root, st);
}

export default function (component) {
  return lxPiece(component, "lxr-root lx-root", {
    init: { rows: [], values: [], row: undefined }, apply: lxrApply,
    // if the thumb moved, its commit brings fresh data; else show what arrived meanwhile
    restOnRelease: true,
    unchanged: (st) => JSON.stringify(st.values[st.row]) === JSON.stringify(st.before),
  });
}
