// Batch review of a dossier's items (issue #16): "select all" ticks every pending row, and the bar counts the
// ticked rows. The form works without this script (tick the rows one by one); the CSP forbids inline scripts.
(function () {
  function count(form) {
    const boxes = form.querySelectorAll("[data-bulk-item]");
    const ticked = Array.prototype.filter.call(boxes, function (box) { return box.checked; }).length;
    const label = form.querySelector("[data-bulk-count]");
    if (label) label.textContent = "Đã chọn " + ticked + " đề nghị";
    const all = form.querySelector("[data-bulk-all]");
    if (all) {
      all.checked = boxes.length > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
  }
  document.addEventListener("change", function (event) {
    const form = event.target.closest("form[data-bulk-review]");
    if (!form) return;
    if (event.target.matches("[data-bulk-all]")) {
      form.querySelectorAll("[data-bulk-item]").forEach(function (box) { box.checked = event.target.checked; });
    }
    count(form);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-bulk-review]").forEach(count);
  });
})();
