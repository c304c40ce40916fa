// The Introduction's pipeline as one picture: six stages in a row (a column on a phone), each
// with this photo's numbers from torch and buttons to its page. Clicking a class in the
// "−log p(target)" stage makes it the target: p(target), log p and the loss switch at once to
// torch's numbers for that class (sent with the data; no formula here), and {target, seq} goes
// to Python, which keeps it (the link holds it). A page button sends "go" (Python switches
// pages, so the session goes along). Every word comes from Python; user text is textContent.

function lxiEl(parent, tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  if (parent) parent.appendChild(e);
  return e;
}

function lxiStage(list, n, title) {
  const li = lxiEl(list, "li", "lxi-stage");
  const head = lxiEl(li, "div", "lxi-head");
  lxiEl(head, "span", "lxi-n", String(n));
  lxiEl(head, "span", "lxi-title", title);
  return lxiEl(li, "div", "lxi-body");
}

// Open a page the way the app's own navigation does (its link, a client-side page change that
// keeps every widget, an uploaded photo too); only where that link is not in the document ask
// Python (st.switch_page, which starts the sidebar's widgets over).
function lxiGo(st, page) {
  const nav = [...document.querySelectorAll('[data-testid="stSidebarNav"] a[href]')]
    .find((a) => new URL(a.href, window.location.href).pathname.replace(/\/+$/, "")
      .endsWith("/" + page));
  if (nav) nav.click();
  else st.setTriggerValue("go", page);
}

function lxiLinks(st, body, links) {
  const row = lxiEl(body, "div", "lxi-links");
  for (const l of links || []) {
    const b = lxiEl(row, "button", "lxi-go", st.data.labels.open.replace("{page}", l.text) + " →");
    b.type = "button";
    b.addEventListener("click", () => lxiGo(st, l.page));
  }
}

function lxiKv(body, k, cls) {
  const line = lxiEl(body, "div", "lxi-kv " + (cls || ""));
  lxiEl(line, "span", "lxi-k", k);
  return lxiEl(line, "span", "lxi-v");
}

// Stage 5 and 6 for the chosen target (torch's numbers for it came with the data).
function lxiShowTarget(root, st) {
  const d = st.data;
  const row = d.targets.find((r) => r.index === st.target) || d.targets[0];
  st.out.p.textContent = row.p;
  st.out.logp.textContent = row.logp;
  st.out.loss.textContent = row.loss;
  st.out.lossName.textContent = row.name;
  for (const b of st.picks) {
    b.setAttribute("aria-pressed", String(Number(b.dataset.index) === row.index));
  }
  for (const r of st.bars) r.row.classList.toggle("lxi-is-target", r.index === row.index);
  root.dataset.target = String(row.index);
  root.dataset.loss = row.loss;
  root.dataset.p = row.p;
}

function lxiBuild(root, st, d) {
  root.textContent = "";
  const L = d.labels;
  const list = lxiEl(root, "ol", "lxi-flow");
  list.setAttribute("aria-label", L.aria);

  const photo = lxiStage(list, 1, L.photo);
  const img = lxiEl(photo, "img", "lxi-photo");
  img.src = d.photo.src;
  img.alt = d.photo.label;
  lxiEl(photo, "div", "lxi-cap", d.photo.label);

  const net = lxiStage(list, 2, L.network);
  lxiEl(net, "div", "lxi-model", d.network.model);
  lxiEl(net, "div", "lxi-cap", d.network.params);
  lxiEl(net, "div", "lxi-cap", d.network.out);

  const logits = lxiStage(list, 3, L.logits);
  for (const r of d.top) lxiKv(logits, r.name, "lxi-logit").textContent = r.logit;
  lxiEl(logits, "div", "lxi-cap", d.rest);
  lxiEl(logits, "div", "lxi-cap", L.any_real);
  lxiLinks(st, logits, d.links.logits);

  const soft = lxiStage(list, 4, L.softmax);
  st.bars = d.top.map((r) => {
    const row = lxiEl(soft, "div", "lxi-bar");
    lxiEl(row, "span", "lxi-k", r.name);
    const track = lxiEl(row, "span", "lxi-track");
    lxiEl(track, "span", "lxi-fill").style.width = `${(100 * r.share).toFixed(2)}%`;
    lxiEl(row, "span", "lxi-v", r.p);
    return { row, index: r.index };
  });
  lxiEl(soft, "div", "lxi-cap", d.sigmoid);
  lxiLinks(st, soft, d.links.softmax);

  const nll = lxiStage(list, 5, L.nll);
  lxiEl(nll, "div", "lxi-cap", L.pick);
  const group = lxiEl(nll, "div", "lxi-picks");
  group.setAttribute("role", "group");
  group.setAttribute("aria-label", L.pick);
  st.picks = d.targets.map((r) => {
    const b = lxiEl(group, "button", "lxi-pick", r.name);
    b.type = "button";
    b.dataset.index = String(r.index);
    b.addEventListener("click", () => {
      st.target = r.index;
      lxiShowTarget(root, st);
      st.seq += 1;
      st.setTriggerValue("commit", { target: r.index, seq: st.seq });
    });
    return b;
  });
  st.out = { p: lxiKv(nll, L.p), logp: lxiKv(nll, "log p") };
  lxiLinks(st, nll, d.links.nll);

  const loss = lxiStage(list, 6, L.loss);
  st.out.loss = lxiEl(loss, "div", "lxi-loss");
  st.out.lossName = lxiEl(loss, "div", "lxi-cap lxi-loss-name");
  lxiEl(loss, "div", "lxi-cap", L.loss_value);
  lxiLinks(st, loss, d.links.loss);
  lxFoot(root, L.torch);
}

function lxiApply(root, st, data) {
  st.data = data;
  st.target = data.target;
  lxiBuild(root, st, data);
  lxiShowTarget(root, st);
}

export default function (component) {
  return lxPiece(component, "lxi-root lx-root", {
    init: { target: null },
    unchanged: () => true,
    apply: lxiApply,
  });
}
