// Ops view: services' health, every queue of the virtual host, and one-click re-drive of _error queues.
// The DOM is built from text only (textContent), never markup from data: queue names and health errors come from outside.
const $ = id => document.getElementById(id);
const rate = r => r.toFixed(1) + "/s";

function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") element.textContent = value;
    else if (name === "onclick") element.onclick = value;
    else if (value !== false && value !== undefined && value !== null) element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children);
  return element;
}

// A cell value is text, or a node built with el().
const cell = value => el("td", {}, value instanceof Node ? value : String(value ?? ""));

function table(caption, columns, rows) {
  const body = rows.length > 0
    ? rows.map(r => el("tr", {}, ...columns.map(c => cell(c.value(r)))))
    : [el("tr", {}, el("td", { colspan: columns.length, text: "none" }))];
  return el("table", {}, el("caption", { text: caption }), el("thead", {}, el("tr", {}, ...columns.map(c => el("th", { text: c.label })))), el("tbody", {}, ...body));
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

const health = s => s.healthy
  ? el("span", { class: "up", text: "● healthy" })
  : el("span", { class: "error", text: `● down (${s.statusCode ?? s.error ?? "no answer"})` });

async function refresh() {
  try {
    const [services, queues] = await Promise.all([DunningSession.api("/api/ops/services"), DunningSession.api("/api/ops/queues")]);
    $("services").replaceChildren(table("Services", [
      { label: "Service", value: s => s.name },
      { label: "Health", value: health },
      { label: "URL", value: s => s.url },
    ], services));
    $("error-queues").replaceChildren(table("Error queues", [...queueColumns,
      { label: "", value: q => el("button", { disabled: q.messages === 0, onclick: () => redrive(q.name), text: `Re-drive to ${q.sourceQueue}` }) },
    ], queues.filter(q => q.isErrorQueue)));
    $("queues").replaceChildren(table("Queues", queueColumns, queues.filter(q => !q.isErrorQueue)));
    $("updated").textContent = "Updated " + new Date().toLocaleTimeString();
  } catch (e) { $("status").textContent = e.message; }
}

DunningSession.start(() => { $("ops").hidden = false; refresh(); setInterval(refresh, 5000); });
