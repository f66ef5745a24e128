// Polls a background job's status URL and fills the page from the JSON answer. Shared by the
// catalogue upload, usage report, valuation report, registration batch filing and decision pages;
// each page says what differs through data attributes on its #job box (no inline script: the
// CSP forbids it):
//   data-status-url        the JSON status view to poll
//   data-running="0"       the job had already finished when the page was rendered: do not poll
//   data-label-key         the answer's key for the status label (default "status_label")
//   data-done-key          the answer's key that says the job has finished (default "done")
//   data-reload-when-done  reload once finished, for the tables the server renders
// Inside the box, [data-field=KEY] shows the answer's KEY (numbers in the page's language) and
// [data-shown-for-status=S] is shown only while the answer's status is S.
(function () {
  const box = document.getElementById("job");
  if (!box || box.dataset.running === "0") return;
  const url = box.dataset.statusUrl;
  const labelKey = box.dataset.labelKey || "status_label";
  const doneKey = box.dataset.doneKey || "done";
  const lang = document.documentElement.lang;
  async function poll() {
    const data = await (await fetch(url, {credentials: "same-origin"})).json();
    box.querySelector("[data-testid=job-status]").textContent = data[labelKey];
    box.querySelector("progress").value = data.progress;
    for (const el of box.querySelectorAll("[data-field]")) {
      const value = data[el.dataset.field];
      if (value === undefined) continue;
      el.textContent = typeof value === "number" ? value.toLocaleString(lang) : (value ?? "");
    }
    for (const el of box.querySelectorAll("[data-shown-for-status]")) {
      el.hidden = data.status !== el.dataset.shownForStatus;
    }
    if (!data[doneKey]) setTimeout(poll, 1000);
    else if ("reloadWhenDone" in box.dataset) window.location.reload();
  }
  poll();
})();
