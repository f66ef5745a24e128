// Polls a catalogue upload's import job until it is done, then reloads for the results
// table (catalogue/job.html).
(function () {
  const box = document.getElementById("job");
  if (!box) return;
  const url = box.dataset.statusUrl;
  async function poll() {
    const data = await (await fetch(url, {credentials: "same-origin"})).json();
    box.querySelector("[data-testid=job-status]").textContent = data.status_label;
    box.querySelector("progress").value = data.progress;
    for (const key of ["read", "created", "updated", "unchanged", "refused"]) {
      box.querySelector(`[data-field=${key}]`).textContent = data[key].toLocaleString(document.documentElement.lang);
    }
    box.querySelector("[data-field=error]").textContent = data.error;
    if (data.done) window.location.reload();
    else setTimeout(poll, 1000);
  }
  poll();
})();
