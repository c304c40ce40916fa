// The share box: the address bar's own link, which Python rewrites at the end of every run
// (whole page or fragment: ui.share.sync_link), shown as text with a copy button. It follows
// the address while it changes, so the link always holds what is on screen.
export default function ({ parentElement, data }) {
  const root = parentElement.querySelector(".lx-share") ?? parentElement;
  root.textContent = "";
  const text = document.createElement("textarea");
  text.className = "lx-share-link";
  text.readOnly = true;
  text.rows = 3;
  text.setAttribute("aria-label", data.labels.aria);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "lx-share-copy";
  button.textContent = data.labels.copy;
  const note = document.createElement("span");
  note.className = "lx-share-note";
  note.setAttribute("role", "status");
  root.append(text, button, note);
  const show = () => {
    const href = window.location.href;
    if (text.value !== href) text.value = href; // text, never markup
  };
  show();
  const timer = setInterval(show, 250); // history.replaceState fires no event to listen to
  text.addEventListener("focus", () => text.select());
  button.addEventListener("click", async () => {
    show();
    try {
      await navigator.clipboard.writeText(text.value);
      note.textContent = data.labels.copied;
    } catch (e) { // not a secure context, or no permission: select it for Ctrl+C
      text.focus();
      text.select();
      note.textContent = data.labels.select;
    }
  });
  return () => clearInterval(timer);
}
