// Search-as-you-type suggestions for the search box (listings/search.html).
(function () {
  const box = document.querySelector('input[name="q"]');
  const list = document.getElementById("suggestions");
  if (!box || !list) return;
  let timer;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (box.value.trim().length < 2) return;
      fetch(box.dataset.suggestUrl + "?q=" + encodeURIComponent(box.value))
        .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) {
          list.replaceChildren(...data.suggestions.map(function (s) {
            const o = document.createElement("option"); o.value = s.text; return o;
          }));
        }).catch(function () {});
    }, 200);
  });
})();
