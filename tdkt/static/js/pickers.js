// Unit and person pickers (tdkt/org/widgets.py): the ARIA 1.2 combobox pattern over a server-rendered field.
// - <select data-picker="unit">: a text box filters the select's own options (accents ignored); the select
//   stays in the form, hidden, and carries the value. Without this script it is an ordinary select.
// - <input data-picker="person|subject" data-source="/…/tim/">: typing asks the JSON endpoint (the actor's
//   remit) and a pick fills the code in. Without this script the user types the code.
// Keys: ↓/↑ move, Enter picks, Esc closes (a second Esc restores the previous choice), Home/End in the list.
(function () {
  "use strict";

  const MAX_LOCAL = 50; // options shown from a select at once: type more to narrow
  const DELAY = 200; // ms after the last key before asking the server
  const SEPARATOR = " — "; // between a unit and its parents in a label (tdkt/org/pickers.py PATH_SEPARATOR)
  let counter = 0;

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().replace(/\s+/g, " ").trim();
  }

  function words(text) {
    return fold(text).split(" ").filter(Boolean);
  }

  function matches(haystack, query) {
    const text = fold(haystack);
    return words(query).every(function (word) { return text.indexOf(word) !== -1; });
  }

  function build(field) {
    counter += 1;
    const wrapper = document.createElement("div");
    wrapper.className = "tdkt-picker position-relative";
    const input = document.createElement("input");
    const list = document.createElement("ul");
    const status = document.createElement("div");
    const listId = "tdkt-picker-list-" + counter;
    input.type = "text";
    input.className = field.className.replace(/form-select/g, "form-control");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.placeholder = field.dataset.hint || "";
    // A hidden required control would block the submit with nothing to show: the text box is required instead.
    if (field.required) {
      input.required = true;
      field.required = false;
    }
    if (field.getAttribute("aria-label")) input.setAttribute("aria-label", field.getAttribute("aria-label"));
    if (field.getAttribute("aria-describedby")) input.setAttribute("aria-describedby", field.getAttribute("aria-describedby"));
    if (field.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", field.getAttribute("aria-invalid"));
    // The page's <label for=…> names the text box: the id moves to it, the hidden field keeps a derived one.
    if (field.id) {
      input.id = field.id;
      field.id = field.id + "_value";
    }
    list.id = listId;
    list.className = "tdkt-picker-list list-group position-absolute w-100 shadow-sm";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    field.parentNode.insertBefore(wrapper, field);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    wrapper.appendChild(field);
    return { field: field, input: input, list: list, status: status, items: [], active: -1, chosen: "" };
  }

  function render(picker, items) {
    picker.items = items;
    picker.active = -1;
    picker.list.replaceChildren();
    items.forEach(function (item, index) {
      const option = document.createElement("li");
      option.id = picker.list.id + "-" + index;
      option.className = "list-group-item list-group-item-action py-1";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      const label = document.createElement("span");
      if (item.depth !== undefined) {
        // browsing (nothing typed): the tree, each unit by its own name under its parent; the path is its name
        label.textContent = item.label.split(SEPARATOR)[0];
        option.setAttribute("aria-label", item.label);
        option.classList.add(["ps-2", "ps-4", "ps-5"][Math.min(item.depth, 2)]);
      } else {
        label.textContent = item.label;
      }
      option.appendChild(label);
      if (item.detail) {
        const detail = document.createElement("small");
        detail.className = "d-block text-body-secondary";
        detail.textContent = item.detail;
        option.appendChild(detail);
      }
      // mousedown, not click: a click would first blur the text box and close the list
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(picker, index);
      });
      picker.list.appendChild(option);
    });
    const open = items.length > 0 || picker.input.value.trim() !== "";
    if (items.length === 0) {
      const none = document.createElement("li");
      none.className = "list-group-item py-1 text-body-secondary";
      none.textContent = "Không tìm thấy trong phạm vi của đồng chí.";
      picker.list.appendChild(none);
    }
    picker.list.hidden = !open;
    picker.input.setAttribute("aria-expanded", String(open));
    picker.input.removeAttribute("aria-activedescendant");
    picker.status.textContent = open ? items.length + " kết quả" : "";
  }

  function close(picker) {
    picker.list.hidden = true;
    picker.active = -1;
    picker.input.setAttribute("aria-expanded", "false");
    picker.input.removeAttribute("aria-activedescendant");
  }

  function highlight(picker, index) {
    const options = picker.list.querySelectorAll("[role=option]");
    if (!options.length) return;
    index = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", String(i === index));
      option.classList.toggle("active", i === index);
    });
    picker.active = index;
    picker.input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function choose(picker, index) {
    const item = picker.items[index];
    if (!item) return;
    picker.setValue(item);
    picker.input.value = item.text || item.label;
    picker.chosen = picker.input.value;
    close(picker);
    picker.field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function keys(picker, search) {
    picker.input.addEventListener("keydown", function (event) {
      const open = !picker.list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) search(true); // ↓ on a closed list: browse the whole tree, not only what the box holds
        else highlight(picker, picker.active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) highlight(picker, picker.active - 1);
      } else if (event.key === "Home" && open) {
        event.preventDefault();
        highlight(picker, 0);
      } else if (event.key === "End" && open) {
        event.preventDefault();
        highlight(picker, picker.items.length - 1);
      } else if (event.key === "Enter" && open) {
        // Enter picks the highlighted option (the first when none is): it never submits the form half-chosen.
        event.preventDefault();
        choose(picker, picker.active >= 0 ? picker.active : 0);
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close(picker);
        } else if (picker.input.value !== picker.chosen) {
          event.preventDefault();
          picker.restore();
        }
      }
    });
    picker.input.addEventListener("blur", function () {
      close(picker);
      picker.settle();
    });
  }

  function unitPicker(select) {
    const picker = build(select);
    const options = Array.from(select.options);
    const current = function () { return select.options[select.selectedIndex]; };
    const labelOf = function (option) { return option && option.value !== "" ? option.textContent : ""; };
    picker.input.value = labelOf(current());
    picker.chosen = picker.input.value;
    const empty = options.find(function (option) { return option.value === ""; });
    if (empty && !select.required) picker.input.placeholder = empty.textContent + " · " + picker.input.placeholder;
    picker.setValue = function (item) { select.value = item.value; };
    picker.restore = function () { picker.input.value = labelOf(current()); picker.chosen = picker.input.value; };
    picker.settle = function () {
      // Emptied: back to the empty choice (or the old one when there is none); otherwise keep the chosen label.
      if (picker.input.value.trim() === "" && empty) select.value = "";
      picker.restore();
    };
    const search = function (browse) {
      const query = browse === true ? "" : picker.input.value;
      const found = [];
      for (const option of options) {
        if (option.value === "") continue;
        if (!query.trim()) {
          found.push({ value: option.value, label: option.textContent, depth: option.textContent.split(SEPARATOR).length - 1 });
        } else if (matches(option.textContent, query)) {
          found.push({ value: option.value, label: option.textContent });
        }
        if (found.length >= MAX_LOCAL) break;
      }
      render(picker, found);
    };
    picker.input.addEventListener("input", search);
    picker.input.addEventListener("focus", function () { picker.input.select(); });
    keys(picker, search);
  }

  function remotePicker(field) {
    const picker = build(field);
    field.type = "hidden";
    picker.input.value = field.dataset.label || field.value;
    picker.chosen = picker.input.value;
    let timer = null;
    let asked = 0;
    picker.setValue = function (item) { field.value = item.value; };
    picker.restore = function () { picker.input.value = picker.chosen; };
    picker.settle = function () {};
    const search = function () {
      const query = picker.input.value.trim();
      if (query.length < 2) { close(picker); return; }
      asked += 1;
      const mine = asked;
      fetch(field.dataset.source + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== asked) return; // a later key already asked again
          render(picker, data.results.map(function (r) {
            return { value: r.code, label: r.label, detail: r.detail, text: r.label + " (" + r.code + ")" };
          }));
        })
        .catch(function () { close(picker); });
    };
    picker.input.addEventListener("input", function () {
      // Typed, not picked: the typed text is what is sent (a code typed by hand still works).
      field.value = picker.input.value.trim();
      clearTimeout(timer);
      timer = setTimeout(search, DELAY);
    });
    keys(picker, search);
  }

  function enhance(root) {
    root.querySelectorAll("select[data-picker=unit]:not([data-picker-ready])").forEach(function (select) {
      if (select.multiple) return;
      select.setAttribute("data-picker-ready", "1");
      select.hidden = true;
      unitPicker(select);
    });
    root.querySelectorAll("input[data-picker][data-source]:not([data-picker-ready])").forEach(function (field) {
      field.setAttribute("data-picker-ready", "1");
      remotePicker(field);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();
