// Expand / collapse in the unit tree: the first click loads the children (htmx), later clicks toggle them.
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-tdkt-toggle]");
  if (!button) return;
  const children = button.parentElement.querySelector(":scope > .children");
  const expanded = button.getAttribute("aria-expanded") === "true";
  button.setAttribute("aria-expanded", String(!expanded));
  button.textContent = expanded ? "+" : "−";
  if (children && button.dataset.loaded) children.hidden = expanded;
  button.dataset.loaded = "1";
});

// Print buttons (no inline scripts, so a strict CSP can apply).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-tdkt-print]")) window.print();
});

// Progress bars take their width from data-width (a percentage): the CSP forbids inline style attributes.
function applyWidths(root) {
  root.querySelectorAll("[data-width]").forEach(function (bar) {
    bar.style.width = bar.dataset.width + "%";
  });
}
document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
document.addEventListener("htmx:afterSettle", function (event) { applyWidths(event.target); });

// The phone menu (below Bootstrap's lg breakpoint): one button opens and closes it; Escape closes it and gives the
// focus back to the button. A native <button>, so Enter and Space work without a key handler.
function setMenu(button, open) {
  button.setAttribute("aria-expanded", String(open));
  document.getElementById(button.getAttribute("aria-controls")).classList.toggle("is-open", open);
}
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-tdkt-menu-toggle]");
  if (button) setMenu(button, button.getAttribute("aria-expanded") !== "true");
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  const button = document.querySelector('[data-tdkt-menu-toggle][aria-expanded="true"]');
  if (button && button.offsetParent !== null) {
    setMenu(button, false);
    button.focus();
  }
});

// Wide tables scroll inside their .table-responsive wrapper instead of widening the page. A wrapper that really
// scrolls becomes a named Tab stop (role=region), so the keyboard can scroll it too; one that fits stays out of
// the Tab order. Re-checked after htmx swaps and when the window is resized (a phone turned sideways).
function scrollerLabel(box) {
  const caption = box.querySelector("caption");
  if (caption) return caption.textContent.trim();
  let node = box;
  while (node && node !== document.body) {
    let previous = node.previousElementSibling;
    while (previous) {
      const heading = previous.matches("h1, h2, h3, h4, h5, h6") ? previous : null;
      if (heading) return "Bảng: " + heading.textContent.trim();
      previous = previous.previousElementSibling;
    }
    node = node.parentElement;
  }
  return "Bảng";
}
function markScrollers() {
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", scrollerLabel(box));
    } else if (box.getAttribute("role") === "region") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  });
}
let scrollerTimer;
document.addEventListener("DOMContentLoaded", markScrollers);
document.addEventListener("htmx:afterSettle", markScrollers);
window.addEventListener("resize", function () {
  clearTimeout(scrollerTimer);
  scrollerTimer = setTimeout(markScrollers, 150);
});

// The folded phone menu hides the inbox count (loaded into #inbox-count by htmx): the toggle repeats it, so waiting
// work shows without opening the menu. Copied node by node (the number and its visually hidden " việc").
function mirrorMenuCount() {
  const badge = document.querySelector("[data-tdkt-menu-badge]");
  const count = document.getElementById("inbox-count");
  if (!badge || !count) return;
  const shown = !count.classList.contains("d-none") && count.textContent.trim() !== "";
  badge.replaceChildren(...(shown ? [...count.childNodes].map((node) => node.cloneNode(true)) : []));
  badge.hidden = !shown;
}
document.addEventListener("htmx:afterSettle", mirrorMenuCount);
