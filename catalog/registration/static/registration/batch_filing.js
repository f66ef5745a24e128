// Polls a batch's filing job until every application is submitted (registration/batch_detail.html).
(function () {
  const box = document.getElementById("filing");
  if (!box || box.dataset.running !== "1") return;
  const url = box.dataset.statusUrl;
  async function poll() {
    const data = await (await fetch(url, {credentials: "same-origin"})).json();
    box.querySelector("progress").value = data.progress;
    box.querySelector("[data-field=done]").textContent = data.done.toLocaleString(document.documentElement.lang);
    box.querySelector("[data-field=error]").textContent = data.error;
    // The counts and the application list are rendered by the server: reload once done.
    if (data.done_all) window.location.reload();
    else setTimeout(poll, 1000);
  }
  poll();
})();
