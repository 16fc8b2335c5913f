// Ops view: services' health, every queue of the virtual host, and one-click re-drive of _error queues.
const $ = id => document.getElementById(id);
const rate = r => r.toFixed(1) + "/s";

function table(caption, columns, rows) {
  const head = columns.map(c => `<th>${c.label}</th>`).join("");
  const body = rows.map(r => `<tr>${columns.map(c => `<td>${c.value(r)}</td>`).join("")}</tr>`).join("");
  return `<table><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body || `<tr><td colspan="${columns.length}">none</td></tr>`}</tbody></table>`;
}

const queueColumns = [
  { label: "Queue", value: q => q.name },
  { label: "Messages", value: q => q.messages },
  { label: "Ready", value: q => q.messagesReady },
  { label: "Unacked", value: q => q.messagesUnacknowledged },
  { label: "Consumers", value: q => q.consumers },
  { label: "In", value: q => rate(q.publishRate) },
  { label: "Out", value: q => rate(q.deliverRate) },
];

async function redrive(name) {
  try {
    const result = await DunningSession.api(`/api/ops/queues/${encodeURIComponent(name)}/redrive`, { method: "POST" });
    $("status").textContent = `Moved ${result.moved} message(s) from ${result.queue} to ${result.source}.`;
  } catch (e) { $("status").textContent = e.message; }
  await refresh();
}

async function refresh() {
  try {
    const [services, queues] = await Promise.all([DunningSession.api("/api/ops/services"), DunningSession.api("/api/ops/queues")]);
    $("services").innerHTML = table("Services", [
      { label: "Service", value: s => s.name },
      { label: "Health", value: s => s.healthy ? `<span class="up">● healthy</span>` : `<span class="error">● down (${s.statusCode ?? s.error ?? "no answer"})</span>` },
      { label: "URL", value: s => s.url },
    ], services);
    $("error-queues").innerHTML = table("Error queues", [...queueColumns,
      { label: "", value: q => `<button data-redrive="${q.name}" ${q.messages === 0 ? "disabled" : ""}>Re-drive to ${q.sourceQueue}</button>` },
    ], queues.filter(q => q.isErrorQueue));
    $("queues").innerHTML = table("Queues", queueColumns, queues.filter(q => !q.isErrorQueue));
    document.querySelectorAll("[data-redrive]").forEach(b => b.onclick = () => redrive(b.dataset.redrive));
    $("updated").textContent = "Updated " + new Date().toLocaleTimeString();
  } catch (e) { $("status").textContent = e.message; }
}

DunningSession.start(() => { $("ops").hidden = false; refresh(); setInterval(refresh, 5000); });
