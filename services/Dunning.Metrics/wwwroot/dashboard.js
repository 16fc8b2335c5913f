// Finance dashboard: every figure comes from the report API for one currency, range and mode (live, test or all).
// The DOM is built from elements and text only: ledger text such as a card brand arrives from webhooks, so it may be anything.
const $ = id => document.getElementById(id);
const charts = {};
const modeKey = "dunning-report-mode";
const modes = ["live", "test", "all"];
const money = (minor, currency) => (minor / 100).toLocaleString("en", { style: "currency", currency: currency.toUpperCase() });
const percent = rate => rate === null || rate === undefined ? "—" : (rate * 100).toFixed(1) + " %";
const hours = h => h === null || h === undefined ? "—" : h.toFixed(1) + " h";

// An element with attributes and children; a string child becomes a text node, never markup.
function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

function mode() { return $("mode").value; }

function query() {
  return new URLSearchParams({ from: $("from").value, to: $("to").value, currency: $("currency").value, mode: mode() }).toString();
}

function card(label, value, detail, figure) {
  return el("div", { class: "card", "data-figure": figure },
    el("div", { class: "label" }, label), el("div", { class: "value" }, value), el("div", { class: "detail" }, detail));
}

function renderCards(s) {
  const c = s.currency;
  $("cards").replaceChildren(
    card("Failed", money(s.failed.amountMinor, c), `${s.failed.count} invoices`, "failed"),
    card("Recovered", money(s.recovered.amountMinor, c), `${s.recovered.count} cases`, "recovered"),
    card("Lost", money(s.lost.amountMinor, c), `${s.lost.count} cases`, "lost"),
    card("Open at risk (end of range)", money(s.openAtEnd.amountMinor, c), `${s.openAtEnd.count} cases`, "open"),
    card("Recovery rate", percent(s.recoveryRateByAmount), `by count ${percent(s.recoveryRateByCount)}`, "recovery-rate"),
    card("Time to recover", hours(s.timeToRecoverMedianHours), `median · p90 ${hours(s.timeToRecoverP90Hours)}`, "time-to-recover"),
  );
}

function draw(id, type, labels, datasets, options = {}) {
  charts[id]?.destroy();
  charts[id] = new Chart($(id), { type, data: { labels, datasets }, options: { animation: false, responsive: true, maintainAspectRatio: false, ...options } });
}

function renderSeries(series) {
  const labels = series.rows.map(r => r.day);
  draw("chart-revenue", "bar", labels, [
    { label: "Recovered", data: series.rows.map(r => r.recoveredAmountMinor / 100), backgroundColor: "#2e7d32" },
    { label: "Lost", data: series.rows.map(r => r.lostAmountMinor / 100), backgroundColor: "#c62828" },
  ]);
  draw("chart-rate", "line", labels, [
    { label: "Recovery rate %", data: series.rows.map(r => r.recoveryRateByAmount === null ? null : r.recoveryRateByAmount * 100), borderColor: "#1565c0", spanGaps: true },
  ], { scales: { y: { min: 0, max: 100 } } });
}

// caption: the caption's children (text and elements).
function table(columns, rows, ...caption) {
  return el("table", {},
    el("caption", {}, ...caption),
    el("thead", {}, el("tr", {}, ...columns.map(c => el("th", {}, c.label)))),
    el("tbody", {}, ...rows.map(r => el("tr", {}, ...columns.map(c => el("td", {}, String(c.value(r))))))));
}

function renderChurn(churn) {
  draw("chart-churn", "bar", churn.rows.map(r => r.from), [
    { label: "Involuntary churn %", data: churn.rows.map(r => r.involuntaryChurnRate === null ? null : r.involuntaryChurnRate * 100), backgroundColor: "#ef6c00" },
  ]);
  $("churn-table").replaceChildren(table([
    { label: "Period", value: r => `${r.from} → ${r.to}` },
    { label: "S", value: r => r.s }, { label: "E", value: r => r.e }, { label: "N", value: r => r.n },
    { label: "Involuntary", value: r => r.involuntaryCanceled },
    { label: "Involuntary churn", value: r => percent(r.involuntaryChurnRate) },
    { label: "Churn (S−E)/S", value: r => percent(r.churnRate) },
    { label: "Retention", value: r => r.retentionRate === null ? "—" : r.retentionRate.toFixed(1) + " %" },
  ], churn.rows, "Subscribers per period (all currencies)"));
}

function renderBreakdown(report, caption) {
  const c = report.currency;
  const csv = el("button", { type: "button", class: "csv" }, "CSV");
  const path = `/api/reports/breakdowns?${query()}&by=${encodeURIComponent(report.by)}`;
  csv.onclick = () => DunningSession.downloadCsv(path, `${report.by}.csv`).catch(e => $("status").textContent = e.message);
  return table([
    { label: caption, value: r => r.key },
    { label: "Failed", value: r => `${r.failedCount} · ${money(r.failedAmountMinor, c)}` },
    { label: "Recovered", value: r => `${r.recoveredCount} · ${money(r.recoveredAmountMinor, c)}` },
    { label: "Lost", value: r => `${r.lostCount} · ${money(r.lostAmountMinor, c)}` },
    { label: "Recovery rate", value: r => percent(r.recoveryRateByAmount) },
  ], report.rows, `By ${caption.toLowerCase()} `, csv);
}

async function refresh(event) {
  event?.preventDefault();
  $("status").textContent = "";
  document.body.dataset.mode = mode();
  try {
    const q = query();
    const churnQuery = new URLSearchParams({ from: $("from").value, to: $("to").value, period: $("period").value, mode: mode() });
    const [summary, series, churn, ...breakdowns] = await Promise.all([
      DunningSession.api(`/api/reports/summary?${q}`),
      DunningSession.api(`/api/reports/timeseries?${q}`),
      DunningSession.api(`/api/reports/churn?${churnQuery}`),
      ...["decline_code", "attempt", "card_brand", "method", "cohort"].map(by => DunningSession.api(`/api/reports/breakdowns?${q}&by=${by}`)),
    ]);
    renderCards(summary);
    renderSeries(series);
    renderChurn(churn);
    $("breakdowns").replaceChildren(...breakdowns.map((b, i) => renderBreakdown(b, ["Decline code", "Attempt", "Card brand", "Method", "Cohort"][i])));
  } catch (e) { $("status").textContent = e.message; }
}

// The currencies the ledger holds in the chosen mode; keeps the one picked when it is among them.
async function loadCurrencies(chosen) {
  const currencies = await DunningSession.api(`/api/reports/currencies?mode=${mode()}`).catch(() => []);
  $("currency").replaceChildren(...(currencies.length ? currencies : ["usd"]).map(c => el("option", {}, c)));
  if (currencies.includes(chosen)) $("currency").value = chosen;
}

// The mode in the link, else the one this browser last picked, else the service's default for the dashboard.
async function initialMode(params) {
  const asked = params.get("mode") ?? localStorage.getItem(modeKey);
  if (modes.includes(asked)) return asked;
  const settings = await DunningSession.api("/api/dashboard/settings").catch(() => null);
  return modes.includes(settings?.defaultMode) ? settings.defaultMode : "live";
}

async function ready() {
  $("dashboard").hidden = false;
  const params = new URLSearchParams(location.search);
  const today = new Date();
  const monthAgo = new Date(today.getTime() - 30 * 86400000);
  $("from").value = params.get("from") ?? monthAgo.toISOString().slice(0, 10);
  $("to").value = params.get("to") ?? today.toISOString().slice(0, 10);
  $("mode").value = await initialMode(params);
  await loadCurrencies(params.get("currency"));
  $("mode").onchange = async () => {
    localStorage.setItem(modeKey, mode());
    await loadCurrencies($("currency").value);
    await refresh();
  };
  $("filters").onsubmit = refresh;
  await refresh();
}

DunningSession.start(ready);
