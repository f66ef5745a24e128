// "Select all shown" on the batch works page (registration/batch_new.html): ticks or clears
// every work box of the form. A script file, as the Content-Security-Policy runs no inline handler.
(function () {
  const all = document.querySelector("[data-select-all]");
  if (!all) return;
  all.addEventListener("change", () => {
    for (const box of all.form.querySelectorAll("input[name=works]")) box.checked = all.checked;
  });
})();
