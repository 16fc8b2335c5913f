// Ops view: services' health, each service's outbox and due-job backlog, open cases, webhook rejections and last events, every
// queue of the virtual host, and one-click re-drive of _error queues. Each empty table says what to do next.
// The DOM is built from text only (textContent), never markup from data: queue names and health errors come from outside.
const $ = id => document.getElementById(id);
const rate = r => r.toFixed(1) + "/s";

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

async function resend(eventId) {
  try {
    await DunningSession.api(`/api/ops/business-webhooks/${encodeURIComponent(eventId)}/resend`, { method: "POST" });
    $("status").textContent = `Event ${eventId} will be sent again.`;
  } catch (e) { $("status").textContent = e.message; }
  await refresh();
}

// The webhooks to the business come from the notification service: its absence must not blank the rest of the view.
async function businessWebhooks() {
  let log;
  try { log = await DunningSession.api("/api/ops/business-webhooks"); } catch (e) { log = { error: e.message }; }
  $("business-webhooks").replaceChildren(table("Webhooks to your application", [
    { label: "Created", value: d => new Date(d.createdAt).toLocaleString() },
    { label: "Type", value: d => d.type },
    { label: "Invoice", value: d => d.invoiceId },
    { label: "Status", value: d => d.status === "delivered" ? el("span", { class: "up", text: "delivered" })
      : el("span", { class: "error", text: `${d.status}${d.lastError ? `: ${d.lastError}` : ""}` }) },
    { label: "Attempts", value: d => d.attempts },
    { label: "Event", value: d => d.eventId },
    { label: "", value: d => el("button", { onclick: () => resend(d.eventId), text: "Re-send" }) },
  ], log.deliveries ?? [], log.error ? `Deliveries not read: ${log.error}`
    : !log.enabled ? "Webhooks to your application are off: set BusinessWebhooks__Url and BusinessWebhooks__Secrets__0 on the notification service."
    : `None sent yet: each case's opening, failed retry, 3-D Secure request, grace end, recovery and loss is sent to ${log.url}.`));
}

const age = seconds => seconds == null ? "" : seconds < 90 ? `${Math.round(seconds)} s` : seconds < 5400 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
const unread = f => el("span", { class: "error", text: `not read: ${f.error}` });
const breaker = f => f.stripeBreakerOpen == null ? "" : f.stripeBreakerOpen ? el("span", { class: "error", text: "open" }) : "closed";

const health = s => s.healthy
  ? el("span", { class: "up", text: "● healthy" })
  : el("span", { class: "error", text: `● down (${s.statusCode ?? s.error ?? "no answer"})` });

async function refresh() {
  try {
    const [services, queues, backlog, cases, events] = await Promise.all(["services", "queues", "backlog", "cases", "events"]
      .map(part => DunningSession.api(`/api/ops/${part}`)));
    $("services").replaceChildren(table("Services", [
      { label: "Service", value: s => s.name },
      { label: "Health", value: health },
      { label: "URL", value: s => s.url },
    ], services, "No service to check: set Metrics__ServiceHealthUrls__<name> to each service's /health URL."));
    $("backlog").replaceChildren(table("Outbox backlog", [
      { label: "Service", value: f => f.name },
      { label: "Unsent messages", value: f => f.error ? unread(f) : f.outboxBacklog },
      { label: "Oldest unsent", value: f => f.error ? "" : f.outboxBacklog > 0 ? age(f.outboxOldestAgeSeconds) : "—" },
      { label: "Stripe breaker", value: breaker },
      { label: "Read from", value: f => f.url },
    ], backlog, "No service's /metrics to read: set Metrics__ServiceMetricsUrls__<name> to each service's management-port /metrics URL."));
    const dueJobs = backlog.flatMap(f => f.dueJobs.map(j => ({ service: f.name, ...j })));
    $("due-jobs").replaceChildren(table("Due jobs", [
      { label: "Service", value: j => j.service },
      { label: "Kind", value: j => j.kind },
      { label: "Overdue", value: j => j.overdue },
      { label: "Lag (oldest overdue)", value: j => j.overdue > 0 ? age(j.lagSeconds) : "on time" },
      { label: "Dead", value: j => j.dead },
    ], dueJobs, "No due-job figures read: the webhook, scheduler and notification services report them on /metrics once they answer there."));
    $("cases").replaceChildren(table("Open cases", [
      { label: "Mode", value: c => c.mode },
      { label: "Currency", value: c => c.currency.toUpperCase() },
      { label: "Open", value: c => c.openCases },
    ], cases, "No dunning case yet: a failed payment (invoice.payment_failed from Stripe, or the sandbox generator) opens one."));
    const rejections = backlog.flatMap(f => f.webhookRejections);
    const webhook = backlog.find(f => f.name === "webhook");
    $("rejections").replaceChildren(table("Webhook rejections (since the webhook service started)", [
      { label: "Reason", value: r => r.reason },
      { label: "Requests", value: r => r.count },
    ], rejections, !webhook
      ? "Rejections not read: set Metrics__ServiceMetricsUrls__webhook to the webhook service's /metrics."
      : webhook.error ? `Rejections not read: ${webhook.error}` : "No request refused since the webhook service started."));
    $("events").replaceChildren(table("Last events received", [
      { label: "Received", value: e => new Date(e.receivedAt).toLocaleString() },
      { label: "Type", value: e => e.type },
      { label: "Event", value: e => e.id },
      { label: "Published", value: e => (e.publishedTypes ?? []).join(", ") },
    ], events.events, events.error
      ? `Events not read: ${events.error}`
      : "No Stripe event received yet: point a Stripe webhook endpoint (or the sandbox) at /webhooks/stripe on the webhook service."));
    $("error-queues").replaceChildren(table("Error queues", [...queueColumns,
      { label: "", value: q => el("button", { disabled: q.messages === 0, onclick: () => redrive(q.name), text: `Re-drive to ${q.sourceQueue}` }) },
    ], queues.filter(q => q.isErrorQueue), "No error queue: no consumer has failed a message. A failed message appears here with a re-drive button."));
    $("queues").replaceChildren(table("Queues", queueColumns, queues.filter(q => !q.isErrorQueue),
      "No queue in this virtual host: start the services; each declares its queues when it starts."));
    await businessWebhooks();
    $("updated").textContent = "Updated " + new Date().toLocaleTimeString();
  } catch (e) { $("status").textContent = e.message; }
}

DunningSession.start(() => { $("ops").hidden = false; refresh(); setInterval(refresh, 5000); });
