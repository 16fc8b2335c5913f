// Finance dashboard: every figure comes from the report API for one currency, range and mode (live or test, never both).
// The DOM is built from elements and text only: ledger text such as a card brand arrives from webhooks, so it may be anything.
const $ = id => document.getElementById(id);
const charts = {};
const modeKey = "dunning-report-mode";
const modes = ["live", "test"];
const percent = rate => rate === null || rate === undefined ? "—" : (rate * 100).toFixed(1) + " %";
const hours = h => h === null || h === undefined ? "—" : h.toFixed(1) + " h";
const modeName = () => mode() === "test" ? "test-mode data" : "live data";

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

function churnQuery() {
  return new URLSearchParams({ from: $("from").value, to: $("to").value, period: $("period").value, mode: mode() }).toString();
}

// A CSV button for a report path; the file's name says which report, mode, currency and range it holds.
function csvButton(path, name) {
  const button = el("button", { type: "button", class: "csv", "data-csv": name }, "CSV");
  const file = `${name}-${mode()}-${$("currency").value}-${$("from").value}-${$("to").value}.csv`;
  button.onclick = () => DunningSession.downloadCsv(path, file).catch(e => $("status").textContent = e.message);
  return button;
}

// What to do when a view has nothing to show, in the mode picked.
function nextStep() {
  return mode() === "live"
    ? "Widen the dates or pick another currency; if nothing has ever failed, check that Stripe sends invoice.payment_failed "
      + "to the billing webhook. Test-mode data (the sandbox demo's) is under Data: test."
    : "Widen the dates or pick another currency; test-mode data arrives when the sandbox demo (scripts/up.sh) or a Stripe test "
      + "clock runs. Real revenue is under Data: live.";
}

function card(label, value, detail, figure) {
  return el("div", { class: "card", "data-figure": figure },
    el("div", { class: "label" }, label), el("div", { class: "value" }, value), el("div", { class: "detail" }, detail));
}

function renderCards(s) {
  const c = s.currency;
  const open = s.failedInRangeOutcome.open;
  $("summary-empty").hidden = s.failed.count !== 0 || s.closed.count !== 0 || s.openAtEnd.count !== 0;
  $("summary-empty").textContent = `No dunning case in ${c.toUpperCase()} for these dates (${modeName()}). ${nextStep()}`;
  $("summary-csv").replaceChildren(csvButton(`/api/reports/summary?${query()}`, "summary"));
  $("cards").replaceChildren(
    card("Failed in range", money(s.failed.amountMinor, c), `${s.failed.count} invoices`, "failed"),
    card("Recovered", money(s.recovered.amountMinor, c), `${s.recovered.count} cases closed in range`, "recovered"),
    // Pre-dunning, beside what was recovered after a failure: reminders have no currency, so these count every one.
    card("Failures prevented", String(s.failuresPrevented), "cards replaced before the renewal · all currencies", "failures-prevented"),
    card("Expiring-card reminders", String(s.expiringCardRemindersSent), "sent in range · all currencies", "reminders-sent"),
    card("Lost", money(s.lost.amountMinor, c), `${s.lost.count} cases closed in range`, "lost"),
    card("Recovery rate of closed cases", percent(s.recoveryRateByAmount),
      `by amount · by count ${percent(s.recoveryRateByCount)} of ${s.closed.count} closed`, "recovery-rate"),
    card("Still open of failed in range", percent(s.openShareByAmount),
      `${open.count} cases · ${money(open.amountMinor, c)} open now`, "open-share"),
    card("Open at risk (end of range)", money(s.openAtEnd.amountMinor, c), `${s.openAtEnd.count} cases, whenever they failed`, "open"),
    card("Time to recover", hours(s.timeToRecoverMedianHours), `median · p90 ${hours(s.timeToRecoverP90Hours)}`, "time-to-recover"),
  );
}

function draw(id, type, labels, datasets, options = {}) {
  charts[id]?.destroy();
  charts[id] = new Chart($(id), { type, data: { labels, datasets }, options: { animation: false, responsive: true, maintainAspectRatio: false, ...options } });
}

function renderSeries(series) {
  $("series-csv").replaceChildren(csvButton(`/api/reports/timeseries?${query()}`, "per-day"));
  const labels = series.rows.map(r => r.day);
  const c = series.currency;
  draw("chart-revenue", "bar", labels, [
    { label: "Recovered", data: series.rows.map(r => majorUnits(r.recoveredAmountMinor, c)), backgroundColor: "#2e7d32" },
    { label: "Lost", data: series.rows.map(r => majorUnits(r.lostAmountMinor, c)), backgroundColor: "#c62828" },
  ]);
  draw("chart-rate", "line", labels, [
    { label: "Recovery rate %", data: series.rows.map(r => r.recoveryRateByAmount === null ? null : r.recoveryRateByAmount * 100),
      borderColor: "#1565c0", spanGaps: true },
  ], { scales: { y: { min: 0, max: 100 } } });
}

// A table under its caption, in a box that scrolls sideways on a narrow screen; with no rows, one row says what to do next.
// columns: { label, value(row), number? }; caption: the caption's children (text and elements).
function table(name, columns, rows, empty, ...caption) {
  const body = rows.length
    ? rows.map(r => el("tr", {}, ...columns.map(c => el("td", c.number ? { class: "number" } : {}, String(c.value(r))))))
    : [el("tr", {}, el("td", { class: "empty", colspan: String(columns.length) }, empty))];
  return el("div", { class: "table-box", "data-table": name },
    el("div", { class: "table-caption" }, ...caption),
    el("div", { class: "table-scroll" }, el("table", {},
      el("thead", {}, el("tr", {}, ...columns.map(c => el("th", c.number ? { class: "number" } : {}, c.label)))),
      el("tbody", {}, ...body))));
}

function renderFunnel(funnel) {
  const c = funnel.currency;
  const stage = r => r.attempt === 0 ? "0 · before any retry" : String(r.attempt);
  $("funnel").replaceChildren(table("funnel", [
    { label: "Pay calls made", value: stage },
    { label: "Cases that reached it", value: r => `${r.reachedCount} · ${money(r.reachedAmountMinor, c)}`, number: true },
    { label: "Recovered here", value: r => `${r.recoveredCount} · ${money(r.recoveredAmountMinor, c)}`, number: true },
    { label: "Conversion here", value: r => percent(r.conversionByCount), number: true },
    { label: "Cumulative recovery", value: r => percent(r.cumulativeRecoveryByCount), number: true },
    { label: "Lost after it", value: r => r.lostCount, number: true },
    { label: "Open, waiting", value: r => r.openCount, number: true },
  ], funnel.rows, `No case failed in these dates (${modeName()}), so there is no funnel. ${nextStep()}`,
  `Attempt funnel of the ${funnel.cases.count} cases that failed in the range (outcomes as of now; rates by count) `,
  csvButton(`/api/reports/funnel?${query()}`, "funnel")),
  el("p", { class: "explain" }, "Conversion: recovered at this step ÷ cases that reached it. "
    + "Cumulative recovery: recovered at this step or before ÷ every case that failed in the range."));
}

function renderChurn(churn) {
  draw("chart-churn", "bar", churn.rows.map(r => r.from), [
    { label: "Involuntary churn %", data: churn.rows.map(r => r.involuntaryChurnRate === null ? null : r.involuntaryChurnRate * 100),
      backgroundColor: "#ef6c00" },
  ]);
  $("churn-table").replaceChildren(table("churn", [
    { label: "Period", value: r => `${r.from} → ${r.to}` },
    { label: "S", value: r => r.s, number: true }, { label: "E", value: r => r.e, number: true }, { label: "N", value: r => r.n, number: true },
    { label: "Lost", value: r => r.canceled, number: true },
    { label: "Gross churn", value: r => percent(r.grossChurnRate), number: true },
    { label: "Net churn (S−E)/S", value: r => percent(r.churnRate), number: true },
    { label: "Involuntary", value: r => r.involuntaryCanceled, number: true },
    { label: "Involuntary churn", value: r => percent(r.involuntaryChurnRate), number: true },
    { label: "Retention", value: r => r.retentionRate === null ? "—" : r.retentionRate.toFixed(1) + " %", number: true },
  ], churn.rows.some(r => r.s !== 0 || r.e !== 0 || r.n !== 0) ? churn.rows : [], `No subscription in these dates (${modeName()}). ${nextStep()}`,
  "Subscribers per period (all currencies) ", csvButton(`/api/reports/churn?${churnQuery()}`, "churn")),
  el("p", { class: "explain" }, "Gross churn = subscriptions lost in the period ÷ S (active at the start): what left, never below zero."),
  el("p", { class: "explain" },
    "Net churn = (S − E) ÷ S (E: active at the end): new subscriptions offset losses, so it goes negative when the business grows."),
  el("p", { class: "explain" }, "Involuntary churn = cancelled for failed payment ÷ S. Retention = (E − N) ÷ S."));
}

const breakdownTitles = {
  decline_code: "First decline code", card_brand: "Card brand", cohort: "Cohort (month of failure)", method: "Recovery method", reason: "Loss reason",
};

function renderBreakdown(report) {
  const c = report.currency;
  const title = breakdownTitles[report.by];
  const csv = csvButton(`/api/reports/breakdowns?${query()}&by=${encodeURIComponent(report.by)}`, report.by);
  if (report.by === "method")
    return table(report.by, [
      { label: title, value: r => r.key },
      { label: "Recovered", value: r => `${r.recoveredCount} · ${money(r.recoveredAmountMinor, c)}`, number: true },
      { label: "Share of recovered", value: r => percent(r.shareByAmount), number: true },
    ], report.rows, `Nothing recovered in these dates (${modeName()}). Recoveries appear when a retry, a new card or a payment closes a case. `
      + nextStep(),
    "Recovered by method (by amount) ", csv);
  if (report.by === "reason")
    return table(report.by, [
      { label: title, value: r => r.key },
      { label: "Lost", value: r => `${r.lostCount} · ${money(r.lostAmountMinor, c)}`, number: true },
      { label: "Share of lost", value: r => percent(r.shareByAmount), number: true },
    ], report.rows, `Nothing lost in these dates (${modeName()}). Losses appear when a case runs out of attempts or its invoice is voided. `
      + nextStep(),
    "Lost by reason (by amount) ", csv);
  return table(report.by, [
    { label: title, value: r => r.key },
    { label: "Failed", value: r => `${r.failedCount} · ${money(r.failedAmountMinor, c)}`, number: true },
    { label: "Recovered", value: r => `${r.recoveredCount} · ${money(r.recoveredAmountMinor, c)}`, number: true },
    { label: "Lost", value: r => `${r.lostCount} · ${money(r.lostAmountMinor, c)}`, number: true },
    { label: "Recovery rate of closed", value: r => percent(r.recoveryRateByAmount), number: true },
  ], report.rows, `No case in these dates (${modeName()}). ${nextStep()}`, `By ${title.toLowerCase()} `, csv);
}

function renderModeNote(currency) {
  $("mode-note").textContent = mode() === "test"
    ? `Test-mode data only (Stripe livemode false): not revenue. Every figure below is ${currency.toUpperCase()}, test mode.`
    : `Live data only (Stripe livemode true); test-mode data is never included. Every figure below is ${currency.toUpperCase()}, live mode.`;
}

// The widest the page got, for the layout checks: a narrow screen must never need sideways scrolling of the whole page.
function recordWidth() {
  document.body.dataset.pageWidth = String(document.documentElement.scrollWidth);
  document.body.dataset.viewportWidth = String(document.documentElement.clientWidth);
}

async function refresh(event) {
  event?.preventDefault();
  $("status").textContent = "";
  document.body.dataset.mode = mode();
  renderModeNote($("currency").value);
  try {
    const q = query();
    const dimensions = ["decline_code", "card_brand", "cohort", "method", "reason"];
    const [summary, series, churn, funnel, ...breakdowns] = await Promise.all([
      DunningSession.api(`/api/reports/summary?${q}`),
      DunningSession.api(`/api/reports/timeseries?${q}`),
      DunningSession.api(`/api/reports/churn?${churnQuery()}`),
      DunningSession.api(`/api/reports/funnel?${q}`),
      ...dimensions.map(by => DunningSession.api(`/api/reports/breakdowns?${q}&by=${by}`)),
    ]);
    renderCards(summary);
    renderSeries(series);
    renderFunnel(funnel);
    renderChurn(churn);
    $("breakdowns").replaceChildren(...breakdowns.map(renderBreakdown));
  } catch (e) { $("status").textContent = e.message; }
  recordWidth();
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
  if (params.get("period")) $("period").value = params.get("period");
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
