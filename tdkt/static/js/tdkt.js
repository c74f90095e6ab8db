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
