/* coprodoc: sorting and filtering for the contribution record's tables.
 * The tables are complete without this script; it only adds a button to
 * each column heading (sort, announced with aria-sort) and a filter box.
 */
(function () {
  "use strict";

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a.replace(/%.*$/, "") && String(y) === b.replace(/%.*$/, "")) {
      return x - y;
    }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function enhance(table, number) {
    var body = table.tBodies[0];
    var head = table.tHead;
    if (!body || !head) { return; }
    var headers = head.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "coprodoc-sort";
      // A button may hold only phrasing content: take the heading's words
      // out of the paragraph docutils puts them in.
      var words = th.querySelector("p") || th;
      while (words.firstChild) { button.appendChild(words.firstChild); }
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(cellText(r1, index), cellText(r2, index));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    var id = "coprodoc-filter-" + number;
    var wrapper = document.createElement("p");
    wrapper.className = "coprodoc-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    // The page carries the label in its own language (see coprodoc-filter-label).
    var source = document.querySelector(".coprodoc-filter-label");
    label.textContent = source ? source.textContent.trim() : "Filter rows";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.setAttribute("aria-controls", table.id || "");
    input.addEventListener("input", function () {
      var wanted = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(body.rows, function (row) {
        row.hidden = wanted !== "" && row.textContent.toLowerCase().indexOf(wanted) < 0;
      });
    });
    wrapper.appendChild(label);
    wrapper.appendChild(document.createTextNode(" "));
    wrapper.appendChild(input);
    table.parentNode.insertBefore(wrapper, table);
  }

  function start() {
    var tables = document.querySelectorAll("table.coprodoc-sortable");
    Array.prototype.forEach.call(tables, enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
