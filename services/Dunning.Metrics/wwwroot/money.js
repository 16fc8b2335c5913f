// Stripe amounts are integers in the currency's minor unit, and Stripe's unit is not always ISO 4217's (docs.stripe.com/currencies):
// zero-decimal currencies are in whole units (¥1,500 is 1500), three-decimal ones in thousandths (5.124 KWD is 5124), and every
// other currency in hundredths, ISK, HUF, TWD included. Every page shows money through these two functions.
const zeroDecimalCurrencies = new Set(["bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof",
  "xpf"]);
const threeDecimalCurrencies = new Set(["bhd", "jod", "kwd", "omr", "tnd"]);

// The amount in the currency's whole units, e.g. for a chart's axis.
function majorUnits(minor, currency) {
  const code = currency.toLowerCase();
  return zeroDecimalCurrencies.has(code) ? minor : minor / (threeDecimalCurrencies.has(code) ? 1000 : 100);
}

// "$19.00", "¥1,500", "KWD 5.124".
const money = (minor, currency) => majorUnits(minor, currency).toLocaleString("en", { style: "currency", currency: currency.toUpperCase() });
