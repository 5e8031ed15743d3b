/// `/app.js`, the pages' only script (served from this server; the pages work without it,
/// except for playing from a window, labelling and training).
enum AppScript {
    static let source = #"""
    "use strict";
    async function post(url, body) {
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const text = await response.text();
      if (!response.ok) throw new Error(text.trim() || response.statusText);
      return JSON.parse(text);
    }
    function say(element, text, isError) {
      if (!element) return;
      element.textContent = text;
      element.classList.toggle("error", !!isError);
    }
    function splitLabels(text) {
      return text.split(",").map(s => s.trim()).filter(s => s.length > 0);
    }
    function chips(cell, labels) {
      cell.replaceChildren(...labels.map(l => { const c = document.createElement("span"); c.className = "chip"; c.textContent = l; return c; }));
    }

    // Play from a window: timeline blocks and the windows table's buttons carry data-start.
    document.addEventListener("click", event => {
      const target = event.target.closest("[data-start]");
      const player = document.getElementById("player");
      if (!target || !player) return;
      event.preventDefault();
      player.currentTime = parseFloat(target.dataset.start);
      player.play().catch(() => {});
    });

    // One recording's labels.
    const labelsForm = document.getElementById("labels");
    if (labelsForm) {
      labelsForm.addEventListener("submit", async event => {
        event.preventDefault();
        const status = document.getElementById("labels-status");
        try {
          const result = await post(`/api/recordings/${labelsForm.dataset.id}/labels`, { labels: splitLabels(labelsForm.elements.labels.value) });
          labelsForm.elements.labels.value = result.labels.join(", ");
          say(status, result.labels.length ? "Saved." : "Saved: no labels.");
        } catch (error) { say(status, "Not saved: " + error.message, true); }
      });
    }

    // Labels for the ticked rows of the collection.
    const selectAll = document.getElementById("select-all");
    if (selectAll) selectAll.addEventListener("change", () => {
      document.querySelectorAll("input.pick").forEach(box => { box.checked = selectAll.checked; });
    });
    const bulk = document.getElementById("bulk-labels");
    async function relabel(add) {
      const status = document.getElementById("bulk-status");
      const label = bulk.elements.label.value.trim();
      const rows = [...document.querySelectorAll("input.pick:checked")].map(box => box.closest("tr"));
      if (!label) { say(status, "Type a label first.", true); return; }
      if (!rows.length) { say(status, "Tick the recordings to label first.", true); return; }
      let done = 0;
      try {
        for (const row of rows) {
          const cell = row.querySelector("td.labels");
          const current = [...cell.querySelectorAll(".chip")].map(c => c.textContent);
          const next = add ? [...new Set([...current, label])] : current.filter(l => l !== label);
          const result = await post(`/api/recordings/${row.dataset.id}/labels`, { labels: next });
          chips(cell, result.labels);
          done += 1;
        }
        say(status, `${add ? "Labelled" : "Unlabelled"} ${done} recording${done === 1 ? "" : "s"}.`);
      } catch (error) { say(status, `Stopped after ${done}: ${error.message}`, true); }
    }
    if (bulk) {
      bulk.addEventListener("submit", event => { event.preventDefault(); relabel(true); });
      document.getElementById("bulk-remove").addEventListener("click", () => relabel(false));
    }

    // Training a personal model.
    const train = document.getElementById("train");
    async function retrain(body, working) {
      const status = document.getElementById("train-status");
      const buttons = [...train.querySelectorAll("button")];
      buttons.forEach(b => { b.disabled = true; });
      say(status, working);
      // While the request is pending, the server's status says which step it is on.
      const poll = setInterval(async () => {
        try {
          const s = await (await fetch("/api/train/status")).json();
          const after = s.elapsed == null ? "" : ` (${Math.round(s.elapsed)} s so far)`;
          if (s.stage === "training") say(status, `Training on ${s.rows} windows${after}; then the collection is re-classified.`);
          else if (s.stage === "reclassifying") say(status, `Re-classifying recordings: ${s.done} of ${s.total}${after}.`);
        } catch (error) { /* the final answer still comes from the request itself */ }
      }, 1000);
      try {
        const result = await post("/api/train", body);
        clearInterval(poll);
        say(status, body.reset ? `Done: back to the bundled model; re-classified ${result.reclassified} recordings.`
          : `Done: trained on ${result.rows} windows, ${result.classes.length} genres; re-classified ${result.reclassified} recordings.`);
        const link = document.createElement("a"); link.href = "/"; link.textContent = " See the collection.";
        status.append(link);
      } catch (error) { clearInterval(poll); say(status, "Failed: " + error.message, true); }
      buttons.forEach(b => { b.disabled = false; });
    }
    if (train) {
      train.addEventListener("submit", event => {
        event.preventDefault();
        const labels = [...document.querySelectorAll("input.train-label:checked")].map(box => box.value);
        if (!labels.length) { say(document.getElementById("train-status"), "Tick at least one label.", true); return; }
        retrain({ algorithm: train.elements.algorithm.value, labels }, "Training… the page will say when the collection is re-classified.");
      });
      const reset = document.getElementById("reset-model");
      if (reset) reset.addEventListener("click", () => retrain({ reset: true }, "Re-classifying with the bundled model…"));
    }
    document.documentElement.dataset.script = "ready";
    """#
}
