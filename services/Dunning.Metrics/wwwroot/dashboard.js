// Finance dashboard: every figure comes from the report API for one currency and range.
const $ = id => document.getElementById(id);
const charts = {};
const money = (minor, currency) => (minor / 100).toLocaleString("en", { style: "currency", currency: currency.toUpperCase() });
const percent = rate => rate === null || rate === undefined ? "—" : (rate * 100).toFixed(1) + " %";
const hours = h => h === null || h === undefined ? "—" : h.toFixed(1) + " h";

function query() {
  return `from=${$("from").value}&to=${$("to").value}&currency=${$("currency").value}`;
}

function card(label, value, detail = "", id = "") {
  return `<div class="card" ${id ? `data-figure="${id}"` : ""}><div class="label">${label}</div><div class="value">${value}</div><div class="detail">${detail}</div></div>`;
}

function renderCards(s) {
  const c = s.currency;
  $("cards").innerHTML = [
    card("Failed", money(s.failed.amountMinor, c), `${s.failed.count} invoices`, "failed"),
    card("Recovered", money(s.recovered.amountMinor, c), `${s.recovered.count} cases`, "recovered"),
    card("Lost", money(s.lost.amountMinor, c), `${s.lost.count} cases`, "lost"),
    card("Open at risk (end of range)", money(s.openAtEnd.amountMinor, c), `${s.openAtEnd.count} cases`, "open"),
    card("Recovery rate", percent(s.recoveryRateByAmount), `by count ${percent(s.recoveryRateByCount)}`, "recovery-rate"),
    card("Time to recover", hours(s.timeToRecoverMedianHours), `median · p90 ${hours(s.timeToRecoverP90Hours)}`, "time-to-recover"),
  ].join("");
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

function table(columns, rows, caption) {
  const head = columns.map(c => `<th>${c.label}</th>`).join("");
  const body = rows.map(r => `<tr>${columns.map(c => `<td>${c.value(r)}</td>`).join("")}</tr>`).join("");
  return `<table><caption>${caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function renderChurn(churn) {
  draw("chart-churn", "bar", churn.rows.map(r => r.from), [
    { label: "Involuntary churn %", data: churn.rows.map(r => r.involuntaryChurnRate === null ? null : r.involuntaryChurnRate * 100), backgroundColor: "#ef6c00" },
  ]);
  $("churn-table").innerHTML = table([
    { label: "Period", value: r => `${r.from} → ${r.to}` },
    { label: "S", value: r => r.s }, { label: "E", value: r => r.e }, { label: "N", value: r => r.n },
    { label: "Involuntary", value: r => r.involuntaryCanceled },
    { label: "Involuntary churn", value: r => percent(r.involuntaryChurnRate) },
    { label: "Churn (S−E)/S", value: r => percent(r.churnRate) },
    { label: "Retention", value: r => r.retentionRate === null ? "—" : r.retentionRate.toFixed(1) + " %" },
  ], churn.rows, "Subscribers per period (all currencies)");
}

function renderBreakdown(report, caption) {
  const c = report.currency;
  return table([
    { label: caption, value: r => r.key },
    { label: "Failed", value: r => `${r.failedCount} · ${money(r.failedAmountMinor, c)}` },
    { label: "Recovered", value: r => `${r.recoveredCount} · ${money(r.recoveredAmountMinor, c)}` },
    { label: "Lost", value: r => `${r.lostCount} · ${money(r.lostAmountMinor, c)}` },
    { label: "Recovery rate", value: r => percent(r.recoveryRateByAmount) },
  ], report.rows, `By ${caption.toLowerCase()} <button type="button" class="csv" data-csv="/api/reports/breakdowns?${query()}&by=${report.by}">CSV</button>`);
}

async function refresh(event) {
  event?.preventDefault();
  $("status").textContent = "";
  try {
    const q = query();
    const [summary, series, churn, ...breakdowns] = await Promise.all([
      DunningSession.api(`/api/reports/summary?${q}`),
      DunningSession.api(`/api/reports/timeseries?${q}`),
      DunningSession.api(`/api/reports/churn?from=${$("from").value}&to=${$("to").value}&period=${$("period").value}`),
      ...["decline_code", "attempt", "card_brand", "method", "cohort"].map(by => DunningSession.api(`/api/reports/breakdowns?${q}&by=${by}`)),
    ]);
    renderCards(summary);
    renderSeries(series);
    renderChurn(churn);
    $("breakdowns").innerHTML = breakdowns.map((b, i) => renderBreakdown(b, ["Decline code", "Attempt", "Card brand", "Method", "Cohort"][i])).join("");
    document.querySelectorAll("[data-csv]").forEach(b => b.onclick = () =>
      DunningSession.downloadCsv(b.dataset.csv, `${b.dataset.csv.split("by=")[1]}.csv`).catch(e => $("status").textContent = e.message));
  } catch (e) { $("status").textContent = e.message; }
}

async function ready() {
  $("dashboard").hidden = false;
  const params = new URLSearchParams(location.search);
  const today = new Date();
  const monthAgo = new Date(today.getTime() - 30 * 86400000);
  $("from").value = params.get("from") ?? monthAgo.toISOString().slice(0, 10);
  $("to").value = params.get("to") ?? today.toISOString().slice(0, 10);
  const currencies = await DunningSession.api("/api/reports/currencies").catch(() => []);
  const chosen = params.get("currency");
  $("currency").innerHTML = (currencies.length ? currencies : ["usd"]).map(c => `<option ${c === chosen ? "selected" : ""}>${c}</option>`).join("");
  $("filters").onsubmit = refresh;
  await refresh();
}

DunningSession.start(ready);
