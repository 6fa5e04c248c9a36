// The acceptance form's item picker: the list filters as one types, by the item's stored
// search text (hall/items/search.py: name, 常用名, department, materials, code, each with its
// full pinyin and initials), every word of the search somewhere in it, as the guide's search
// matches. Arrow keys move between the input and the items; Enter opens the item's form.
(function () {
  "use strict";
  var picker = document.querySelector("[data-item-picker]");
  if (!picker) { return; }
  var input = picker.querySelector("#item-q");
  var items = Array.prototype.slice.call(picker.querySelectorAll(".item-options li"));
  var count = picker.querySelector("[data-item-count]");
  var none = picker.querySelector("[data-item-none]");
  var scope = count.getAttribute("data-scope");

  // The words of a search as hall/items/search.py's words_of makes them.
  function words(text) {
    return text.normalize("NFKC").toLowerCase().split(/[^\p{L}\p{N}]+/u)
      .filter(function (w) { return w; }).slice(0, 5);
  }

  function filter() {
    var wanted = words(input.value);
    var shown = 0;
    items.forEach(function (li) {
      var text = li.getAttribute("data-search");
      var match = wanted.every(function (w) { return text.indexOf(w) !== -1; });
      li.hidden = !match;
      if (match) { shown += 1; }
    });
    count.textContent = scope + (wanted.length ? "中找到 " + shown + " 项" : "共 " + shown + " 项");
    none.hidden = shown > 0;
  }

  function visibleLinks() {
    return items.filter(function (li) { return !li.hidden; })
      .map(function (li) { return li.querySelector("a"); });
  }

  input.addEventListener("input", filter);
  input.addEventListener("keydown", function (event) {
    var links = visibleLinks();
    if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[0].focus(); }
    if (event.key === "Enter" && input.value.trim() && links.length === 1) {
      event.preventDefault(); window.location.href = links[0].href;
    }
  });
  picker.querySelector(".item-options").addEventListener("keydown", function (event) {
    var links = visibleLinks();
    var at = links.indexOf(document.activeElement);
    if (at === -1) { return; }
    if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
    if (event.key === "Escape") { event.preventDefault(); input.focus(); }
  });
  if (input.value) { filter(); }
})();
