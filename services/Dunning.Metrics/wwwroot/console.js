// Case console: "what happened to this customer's payment?" Finds cases by invoice id, customer id or email address; shows a
// case's whole timeline (attempts with decline codes and rule, emails with step and language, card changes, pauses, the
// outcome), the operators' audit log and the ledger row; acts on it (every action needs a reason, audited with the API key).
// Deep links: console.html?q=<invoice or customer id>. Every empty state says what to do next.
const $ = id => document.getElementById(id);
const when = t => t ? new Date(t).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "";
const actions = [
  { name: "pause", label: "Pause" },
  { name: "resume", label: "Resume" },
  { name: "retry-now", label: "Retry now" },
  { name: "close-recovered", label: "Close: recovered out of band" },
  { name: "write-off", label: "Close: written off" },
];

// "paused" and the planned attempt mean something only while the case is open.
const status = c => c.status + (c.status === "Open" && c.paused ? " (paused)" : "");
const next = c => c.status !== "Open" ? "" : c.nextAttemptAt ? `${when(c.nextAttemptAt)} (${c.nextAttemptRule})` : c.nextAttemptRule ?? "none planned";

const post = (path, body) => DunningSession.api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

async function search(query) {
  $("status").textContent = "";
  $("case").hidden = true;
  try {
    const found = await post("/api/console/search", { query });
    const empty = found.error
      ? found.error
      : found.searchedBy === "email" && (found.customerIds ?? []).length === 0
        ? `No email went to ${query}: check the address, or search by the customer id (cus_...) from Stripe.`
        : `No dunning case for ${found.searchedBy} ${query}: a case opens when Stripe reports a failed payment. Check the id, or search by the customer's email.`;
    $("results").replaceChildren(table(`Cases for ${found.searchedBy} ${query}`, [
      { label: "Invoice", value: c => el("a", {
        href: `?q=${encodeURIComponent(c.invoiceId)}`, onclick: event => { event.preventDefault(); show(c.invoiceId); }, text: c.invoiceId,
      }) },
      { label: "Customer", value: c => c.customerId },
      { label: "Amount", value: c => money(c.amountMinor, c.currency) },
      { label: "Status", value: status },
      { label: "Outcome", value: c => c.outcome ?? "" },
      { label: "Failed", value: c => when(c.failedAt) },
      { label: "Next attempt", value: next },
    ], found.cases, empty));
    if (found.cases.length === 1) await show(found.cases[0].invoiceId);
  } catch (e) { $("status").textContent = e.message; }
}

const declineText = d => !d ? "" : [d.failureCode, d.declineCode, d.adviceCode && `advice ${d.adviceCode}`,
  d.networkDeclineCode && `network ${d.networkDeclineCode}`, d.networkAdviceCode && `network advice ${d.networkAdviceCode}`].filter(Boolean).join(" · ");

const what = e => e.source === "email" ? "email" : e.kind === "attempt" ? `attempt (${e.attemptSource})` : e.kind;

async function show(invoiceId) {
  $("act-status").textContent = "";
  $("act-status").className = "";
  try {
    const view = await DunningSession.api(`/api/console/cases/${encodeURIComponent(invoiceId)}`);
    const c = view.case;
    $("case").hidden = false;
    $("case-title").textContent = `Invoice ${c.invoiceId}`;
    $("summary").replaceChildren(table("Case", [
      { label: "Customer", value: () => c.customerId },
      { label: "Subscription", value: () => c.subscriptionId ?? "" },
      { label: "Amount", value: () => money(c.amountMinor, c.currency) },
      { label: "Status", value: () => status(c) },
      { label: "Outcome", value: () => c.outcome ?? "open" },
      { label: "Attempts", value: () => c.attempts },
      { label: "Next attempt", value: () => next(c) },
      { label: "Card", value: () => [c.cardBrand, c.cardFingerprint].filter(Boolean).join(" ") },
      { label: "Experiment arm", value: () => c.experiment ? el("a", {
        href: `experiments.html?id=${encodeURIComponent(c.experiment.experimentId)}`,
        text: c.experiment.arm + (c.experiment.control ? " (control)" : ""),
      }) : "none" },
    ], [c], ""));
    $("actions").replaceChildren(...actions.map(a =>
      el("button", { type: "button", disabled: c.status !== "Open", onclick: () => act(c.invoiceId, a.name), text: a.label })));
    if (c.status !== "Open") $("act-status").textContent = `Closed (${c.status}, ${c.outcome}): no action applies any more.`;
    $("timeline").replaceChildren(table("Timeline (in the case's time)", [
      { label: "When", value: e => when(e.at) },
      { label: "What", value: what },
      { label: "Rule", value: e => e.rule ?? "" },
      { label: "Decline", value: e => declineText(e.decline) },
      { label: "Detail", value: e => e.detail ?? "" },
    ], view.timeline, "Nothing on the timeline yet."));
    if (view.emailsError) $("timeline").append(el("p", { class: "error", text: view.emailsError }));
    $("audit").replaceChildren(table("Operator actions (audit log)", [
      { label: "When", value: a => when(a.at) },
      { label: "Action", value: a => a.action },
      { label: "By", value: a => a.actor },
      { label: "Reason", value: a => a.reason },
    ], view.actions, "No operator has acted on this case. Actions above need a reason; each lands here with the API key that acted."));
    const ledger = view.ledger;
    $("ledger").replaceChildren(table("Ledger row (what finance counts)", [
      { label: "Mode", value: l => l.mode },
      { label: "Outcome", value: l => l.outcome },
      { label: "Method / reason", value: l => l.recoveryMethod ?? l.lossReason ?? "" },
      { label: "First decline", value: l => l.firstDeclineCode ?? "" },
      { label: "Retries", value: l => l.retryAttempts },
      { label: "Recovered at attempt", value: l => l.recoveredAttempt ?? "" },
      { label: "Reminders", value: l => l.remindersSent },
      { label: "Closed", value: l => when(l.closedAt) },
    ], ledger ? [ledger] : [],
      "No ledger row yet: the metrics service writes it when it consumes the case's messages; check the ops view's queues if it stays missing."));
  } catch (e) { $("status").textContent = e.message; }
}

async function act(invoiceId, action) {
  try {
    await post(`/api/console/cases/${encodeURIComponent(invoiceId)}/${action}`, { reason: $("reason").value });
    $("reason").value = "";
    await show(invoiceId);
    $("act-status").textContent = `Done: ${action}.`;
  } catch (e) { $("act-status").textContent = e.message; $("act-status").className = "error"; }
}

DunningSession.start(() => {
  $("console").hidden = false;
  $("search-form").onsubmit = event => { event.preventDefault(); search($("query").value.trim()); };
  const query = new URLSearchParams(location.search).get("q");
  if (query) { $("query").value = query; search(query); }
  else $("results").replaceChildren(el("p", { class: "empty",
    text: "Find a case by its invoice id (in_...), the customer id (cus_...) or the customer's email address, then act on it." }));
});
