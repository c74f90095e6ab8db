// Batch review of a dossier's items or of registrations (issue #16): "select all" ticks every pending row, and
// the bar counts the ticked rows. The boxes are the form's elements, inside it or tied to it by a `form`
// attribute (the registrations' rows keep their own one-row forms). The form works without this script (tick
// the rows one by one); the CSP forbids inline scripts.
(function () {
  function elements(form, selector) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.matches(selector); });
  }
  function count(form) {
    const boxes = elements(form, "[data-bulk-item]");
    const ticked = boxes.filter(function (box) { return box.checked; }).length;
    const label = form.querySelector("[data-bulk-count]");
    if (label) label.textContent = "Đã chọn " + ticked + " " + (form.dataset.bulkNoun || "đề nghị");
    elements(form, "[data-bulk-all]").forEach(function (all) {
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    });
  }
  document.addEventListener("change", function (event) {
    const form = event.target.form;
    if (!form || !form.matches("form[data-bulk-review]")) return;
    if (event.target.matches("[data-bulk-all]")) {
      elements(form, "[data-bulk-item]").forEach(function (box) { box.checked = event.target.checked; });
    }
    count(form);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-bulk-review]").forEach(count);
  });
})();
