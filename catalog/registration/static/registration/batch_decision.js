// Polls a batch decision job until it is done (registration/batch_decision.html).
(function () {
  const box = document.getElementById("job");
  if (!box) return;
  const url = box.dataset.statusUrl;
  async function poll() {
    const data = await (await fetch(url, {credentials: "same-origin"})).json();
    box.querySelector("[data-testid=job-status]").textContent = data.state_label;
    box.querySelector("progress").value = data.progress;
    for (const key of ["total", "done", "registered", "held", "skipped"]) {
      box.querySelector(`[data-field=${key}]`).textContent = data[key].toLocaleString(document.documentElement.lang);
    }
    box.querySelector("[data-field=error]").textContent = data.error;
    if (!data.done_all) setTimeout(poll, 1000);
    // The outcome table is rendered by the server: fetch it once the job has finished.
    else if (box.dataset.running === "1") window.location.reload();
  }
  if (box.dataset.running === "1") poll();
})();
