// Policy backtests: the reports scripts/lab.sh backtest --publish sent (GET /api/backtests), one compared policy by policy in a table
// and charts. Deep link: backtests.html?id=<report id>; without one, the newest report. Figures are the report's own, per failure aside.
const $ = id => document.getElementById(id);
const charts = {};
const colours = ["#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f", "#5d4037", "#9e9d24"];
const when = t => t ? new Date(t).toISOString().replace("T", " ").slice(0, 16) + " UTC" : "";
const day = t => t ? new Date(t).toISOString().slice(0, 10) : "…";
const fixed = (x, digits) => x === null || x === undefined ? "—" : x.toFixed(digits);
const percent = x => x === null || x === undefined ? "—" : `${(100 * x).toFixed(1)} %`;
const major = (amount, currency) => amount.toLocaleString("en", { style: "currency", currency: currency.toUpperCase() });
const interval = (i, show) => `${show(i.estimate)} (${show(i.lower)} to ${show(i.upper)})`;
const span = b => b.from || b.to ? `${day(b.from)} to ${day(b.to)}` : "all";
const shown = state => { document.body.dataset.shown = state; };
// Chart.js sizes a new chart to its box, then draws it, in the next animation frames.
const drawn = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));

async function list() {
  const backtests = await DunningSession.api("/api/backtests");
  $("list").replaceChildren(table("Published backtests (newest first)", [
    { label: "Published", value: b => when(b.receivedAt) },
    { label: "History", value: b => b.history },
    { label: "Failures in", value: span },
    { label: "Failures", value: b => b.failures },
    { label: "Policies", value: b => b.policies.join(", ") },
    { label: "", value: b => el("span", {},
      el("a", { href: `?id=${b.id}`, onclick: event => { event.preventDefault(); show(b.id); }, text: "Compare" }), " ",
      el("button", { type: "button", title: "Deletes the stored report; publishing it again brings it back", onclick: () => remove(b.id),
        text: "Delete" })) },
  ], backtests, `No backtest published yet. Publish one with Api__Key=<this dashboard's key> scripts/lab.sh backtest --history history.jsonl `
    + `--policy A.json --policy B.json --publish ${location.origin}`));
  return backtests;
}

async function remove(id) {
  $("status").textContent = "";
  try {
    await DunningSession.api(`/api/backtests/${encodeURIComponent(id)}`, { method: "DELETE" });
    if (new URLSearchParams(location.search).get("id") === id) { $("report").hidden = true; history.replaceState(null, "", location.pathname); }
    await list();
    shown(`deleted ${id}`);
  } catch (e) { $("status").textContent = e.message; shown("error"); }
}

async function show(id) {
  $("status").textContent = "";
  history.replaceState(null, "", `?id=${encodeURIComponent(id)}`);
  try {
    const published = await DunningSession.api(`/api/backtests/${encodeURIComponent(id)}`);
    const r = published.report;
    $("report").hidden = false;
    $("report-title").textContent = `${r.policies.map(p => p.name).join(" vs ")} on ${r.history}`;
    $("report-note").textContent = `${r.failures} failures (first declined ${span(r)}) backtested; outcome model trained on `
      + `${r.trainingFailures} failures of ${r.trainedOn}${r.model ? `, learned model ${r.model}` : ""}; bootstrap seed ${r.seed}; `
      + `published ${when(published.receivedAt)}.`;
    $("comparison").replaceChildren(comparison(r));
    plot(r);
    await drawn();
    shown(id);
  } catch (e) { $("report").hidden = true; $("status").textContent = e.message; shown("error"); }
}

// One row per figure, one column per policy, as the lab's table prints them.
function comparison(r) {
  const currencies = [...new Set(r.policies.flatMap(p => p.recoveredAmount.map(a => a.currency)))].sort();
  const networks = [...new Set(r.policies.flatMap(p => p.network.load.map(l => l.network)))].sort();
  const perFailure = (x, p) => `${fixed(x, 0)} (${fixed(x / p.failures, 2)} per failure)`;
  const rows = [
    ["Recovered (expected, 95 % interval)", p => interval(p.recovered, x => fixed(x, 1))],
    ["Recovery rate", p => interval(p.rate, percent)],
    ...currencies.map(c => [`Recovered ${c.toUpperCase()}`, p => {
      const amount = p.recoveredAmount.find(a => a.currency === c);
      return amount ? interval(amount.amountMinor, x => money(x, c)) : "—";
    }]),
    ["Median days to recover", p => fixed(p.medianDaysToRecover, 1)],
    ["Mean days to recover", p => fixed(p.meanDaysToRecover, 1)],
    ["Pay calls (expected)", p => perFailure(p.payCalls, p)],
    ["Emails (expected, default cadence)", p => p.emails == null ? "—" : perFailure(p.emails, p)],
    ["Retries planned (all declined)", p => perFailure(p.plannedRetries, p)],
    ...networks.map(n => [`${n}: attempts per card in 30 days`, p => {
      const l = p.network.load.find(x => x.network === n);
      return l ? `median ${l.median}, p90 ${l.p90}, max ${l.max} (${l.cards} cards)` : "—";
    }]),
    ["Cases breaking a Visa limit", p => p.network.casesBreakingVisa],
    ["Cases breaking a Mastercard limit", p => p.network.casesBreakingMastercard],
    ["Fees of rule-breaking attempts (domestic / cross-border)", p => `${major(p.network.fees.domestic, p.network.fees.currency)} / `
      + `${major(p.network.fees.crossBorder, p.network.fees.currency)}`],
    ["Policy file", p => p.file],
  ];
  return table("Side by side", [
    { label: "Figure", value: row => row[0] },
    ...r.policies.map((p, i) => ({ label: p.name, value: row => row[1](p, i) })),
  ], rows, "");
}

function draw(id, labels, datasets, yTitle) {
  charts[id]?.destroy();
  charts[id] = new Chart($(id), {
    type: "bar", data: { labels, datasets },
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { title: { display: true, text: yTitle } } } },
  });
}

// A floating bar from the interval's lower to its upper limit, and the expected value as a point drawn over it (lower order: on top).
function intervals(id, labels, values, yTitle) {
  draw(id, labels, [
    { label: "95 % interval", data: values.map(i => i && [i.lower, i.upper]), backgroundColor: "#90caf9", order: 1 },
    { type: "line", label: "Expected", data: values.map(i => i && i.estimate), showLine: false, pointRadius: 6, pointStyle: "rectRot",
      borderColor: "#0d47a1", backgroundColor: "#0d47a1", order: 0 },
  ], yTitle);
}

const scaled = (i, by) => ({ estimate: i.estimate * by, lower: i.lower * by, upper: i.upper * by });
const bars = (label, data, i) => ({ label, data, backgroundColor: colours[i % colours.length] });

function plot(r) {
  const names = r.policies.map(p => p.name);
  intervals("chart-rate", names, r.policies.map(p => scaled(p.rate, 100)), "% of failures recovered");
  const currencies = [...new Set(r.policies.flatMap(p => p.recoveredAmount.map(a => a.currency)))].sort();
  for (const id of Object.keys(charts).filter(id => id.startsWith("chart-amount-"))) { charts[id].destroy(); delete charts[id]; }
  $("amount-charts").replaceChildren(...currencies.map(c => el("figure", {},
    el("figcaption", { text: `Recovered ${c.toUpperCase()}: expected, and its 95 % interval` }), el("canvas", { id: `chart-amount-${c}` }))));
  for (const c of currencies)
    intervals(`chart-amount-${c}`, names, r.policies.map(p => {
      const amount = p.recoveredAmount.find(a => a.currency === c);
      return amount ? scaled(amount.amountMinor, majorUnits(1, c)) : null;
    }), c.toUpperCase());
  draw("chart-effort", names, [bars("Pay calls per failure", r.policies.map(p => p.payCalls / p.failures), 0),
    bars("Retries planned per failure", r.policies.map(p => p.plannedRetries / p.failures), 1),
    bars("Emails per failure", r.policies.map(p => p.emails == null ? null : p.emails / p.failures), 2)], "per failure");
  draw("chart-time", names, [bars("Median", r.policies.map(p => p.medianDaysToRecover ?? null), 0),
    bars("Mean", r.policies.map(p => p.meanDaysToRecover ?? null), 1)], "days");
  const networks = [...new Set(r.policies.flatMap(p => p.network.load.map(l => l.network)))].sort();
  draw("chart-load", names, networks.map((n, i) => bars(n, r.policies.map(p => p.network.load.find(l => l.network === n)?.max ?? null), i)),
    "attempts on one card in 30 days");
  draw("chart-rules", names, [bars("Visa", r.policies.map(p => p.network.casesBreakingVisa), 0),
    bars("Mastercard", r.policies.map(p => p.network.casesBreakingMastercard), 1)], "cases");
  const feeCurrencies = [...new Set(r.policies.map(p => p.network.fees.currency.toUpperCase()))].join(", ");
  draw("chart-fees", names, [bars("At domestic rates", r.policies.map(p => p.network.fees.domestic), 0),
    bars("At cross-border rates", r.policies.map(p => p.network.fees.crossBorder), 1)], feeCurrencies);
}

DunningSession.start(async () => {
  $("backtests").hidden = false;
  try {
    const backtests = await list();
    const id = new URLSearchParams(location.search).get("id") ?? backtests[0]?.id;
    if (id) await show(id); else shown("none");
  } catch (e) { $("status").textContent = e.message; shown("error"); }
});
