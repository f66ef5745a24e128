// Polls the import job of a usage report until it is done (royalties/report_detail.html).
(function () {
  const box = document.getElementById("job");
  if (!box) return;
  const url = box.dataset.statusUrl;
  async function poll() {
    const data = await (await fetch(url, {credentials: "same-origin"})).json();
    box.querySelector("[data-testid=job-status]").textContent = data.status_label;
    box.querySelector("progress").value = data.progress;
    for (const key of ["rows", "good", "bad", "unmatched", "held", "unmapped"]) {
      box.querySelector(`[data-field=${key}]`).textContent = data[key].toLocaleString(document.documentElement.lang);
    }
    box.querySelector("[data-field=error]").textContent = data.error;
    // Stopped before posting: the licensee decides on the review page.
    const review = box.querySelector("[data-testid=review-link]");
    if (review) review.hidden = data.status !== "review";
    if (!data.done) setTimeout(poll, 1000);
  }
  poll();
})();
