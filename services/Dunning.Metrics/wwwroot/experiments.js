// Experiments: the scheduler's experiments (start, freeze, stop, through /api/console/experiments) and this service's per-arm
// report of each. Deep link: experiments.html?id=<experiment id>. Figures are the report's own; nothing is computed here.
const $ = id => document.getElementById(id);
const when = t => t ? new Date(t).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "";
const percent = x => x === null || x === undefined ? "" : `${(100 * x).toFixed(1)} %`;
const interval = i => `${percent(i.estimate)} (${percent(i.lower)} to ${percent(i.upper)})`;
const example = {
  name: "first retry after 6 hours",
  arms: [
    { name: "current", weight: 1, control: true },
    { name: "six_hours", weight: 1, policy: { FirstRetryAfter: "06:00:00" } },
    { name: "stripe_only", weight: 1, policy: { RetryOwner: "Stripe" } },
  ],
};

// "current (control) ×1: 120 cases, 8 open": the scheduler counts an arm's cases; the report below counts the closed ones only.
const armCases = a => `${a.name}${a.control ? " (control)" : ""} ×${a.weight}`
  + (a.cases ? `: ${a.cases.all} case${a.cases.all === 1 ? "" : "s"}, ${a.cases.open} open` : "");

const post = (path, body) => DunningSession.api(path, { method: "POST", headers: { "Content-Type": "application/json" }, body });

async function list() {
  try {
    const experiments = await DunningSession.api("/api/console/experiments");
    $("list").replaceChildren(table("Experiments", [
      { label: "Name", value: e => el("a", { href: `?id=${e.id}`, onclick: event => { event.preventDefault(); report(e.id, e.name); }, text: e.name }) },
      { label: "Status", value: e => e.status },
      { label: "Arms (weight: cases, open)", value: e => e.arms.map(armCases).join("; ") },
      { label: "Started", value: e => when(e.startedAt) },
      { label: "Frozen / stopped", value: e => [when(e.frozenAt), when(e.stoppedAt)].filter(Boolean).join(" / ") },
      { label: "", value: e => el("span", {},
        el("button", { type: "button", disabled: e.status !== "Running", onclick: () => act(e.id, "freeze"), text: "Freeze" }), " ",
        el("button", { type: "button", disabled: e.status === "Stopped", onclick: () => act(e.id, "stop"), text: "Stop" })) },
    ], experiments, "No experiment yet: start one below. New cases are then assigned to its arms."));
  } catch (e) { $("status").textContent = e.message; }
}

async function act(id, action) {
  $("status").textContent = "";
  try { await post(`/api/console/experiments/${encodeURIComponent(id)}/${action}`, null); await list(); }
  catch (e) { $("status").textContent = e.message; }
}

const reportPath = id => `/api/experiments/${encodeURIComponent(id)}/report?mode=${$("mode").value}`;

async function report(id, name) {
  $("report").hidden = false;
  $("report-title").textContent = `Report: ${name ?? id}`;
  $("csv").onclick = () => DunningSession.downloadCsv(reportPath(id), `experiment-${id}.csv`).catch(e => { $("status").textContent = e.message; });
  $("mode").onchange = () => report(id, name);
  try {
    const r = await DunningSession.api(reportPath(id));
    $("report-note").textContent = `${r.mode} mode; ${r.counts}.`;
    $("arms").replaceChildren(table("Per arm (95 % intervals)", [
      { label: "Arm", value: a => a.arm + (a.control ? " (control)" : "") },
      { label: "Closed cases", value: a => a.cases },
      { label: "Recovered", value: a => a.recovered },
      { label: "Recovery rate", value: a => interval(a.rate) },
      { label: "Difference from control", value: a => a.versusControl ? interval(a.versusControl.rateDifference.difference) : "" },
      { label: "p-value", value: a => a.versusControl ? a.versusControl.rateDifference.pValue.toFixed(4) : "" },
      { label: "Cases still needed per arm", value: a => a.versusControl ? a.versusControl.stillNeededPerArm ?? "no finite number" : "" },
    ], r.arms, `No closed case of this experiment in ${r.mode} mode yet: cases count once they are recovered or lost.`));
    const amounts = r.arms.flatMap(a => a.recoveredAmounts.map(m => ({ arm: a.arm, ...m })));
    $("amounts").replaceChildren(table("Recovered amount per currency (95 % bootstrap interval)", [
      { label: "Arm", value: m => m.arm },
      { label: "Currency", value: m => m.currency.toUpperCase() },
      { label: "Recovered", value: m => money(m.recoveredAmountMinor.estimate, m.currency) },
      { label: "Interval", value: m => `${money(m.recoveredAmountMinor.lower, m.currency)} to ${money(m.recoveredAmountMinor.upper, m.currency)}` },
    ], amounts, "Nothing recovered yet."));
  } catch (e) { $("status").textContent = e.message; }
}

DunningSession.start(async () => {
  $("experiments").hidden = false;
  $("definition").value = JSON.stringify(example, null, 2);
  const settings = await DunningSession.api("/api/dashboard/settings").catch(() => null);
  if (settings?.defaultMode) $("mode").value = settings.defaultMode;
  $("start-form").onsubmit = async event => {
    event.preventDefault();
    $("start-status").textContent = "";
    try { const started = await post("/api/console/experiments", $("definition").value); $("start-status").textContent = `Started ${started.id}.`; await list(); }
    catch (e) { $("start-status").textContent = e.message; }
  };
  const id = new URLSearchParams(location.search).get("id");
  await list();
  if (id) await report(id);
});
