using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dunning.Lab.Statistics;

namespace Dunning.PolicyLab.Backtest;

/// <summary>The backtest's reports as text: a table with the policies side by side, JSON, or CSV with one row per policy.</summary>
public static class ReportFormats
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson(BacktestReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>One row per figure, one column per policy; amounts in the currency's minor units, as the history holds them.</summary>
    public static string ToTable(BacktestReport report)
    {
        var reports = report.Policies;
        var rows = new List<(string Figure, Func<PolicyReport, string> Value)>
        {
            ("recovered (expected, 95 % CI)", r => Ci(r.Recovered, "F1")),
            ("recovery rate", r => Ci(r.Rate, "P1")),
        };
        foreach (var currency in reports.SelectMany(r => r.RecoveredAmount.Select(a => a.Currency)).Distinct().Order())
            rows.Add(($"recovered {currency} (minor units)",
                r => r.RecoveredAmount.FirstOrDefault(a => a.Currency == currency) is { } a ? Ci(a.AmountMinor, "F0") : "-"));
        rows.Add(("median days to recover", r => Number(r.MedianDaysToRecover, "F1")));
        rows.Add(("mean days to recover", r => Number(r.MeanDaysToRecover, "F1")));
        rows.Add(("pay calls (expected)", r => r.PayCalls.ToString("F0", CultureInfo.InvariantCulture)));
        rows.Add(("emails (expected, default cadence)", r => r.Emails.ToString("F0", CultureInfo.InvariantCulture)));
        rows.Add(("retries planned (all declined)", r => r.PlannedRetries.ToString(CultureInfo.InvariantCulture)));
        foreach (var network in reports.SelectMany(r => r.Network.Load.Select(l => l.Network)).Distinct().Order())
            rows.Add(($"{network}: attempts/card/30 d median, p90, max", r => r.Network.Load.FirstOrDefault(l => l.Network == network) is { } l
                ? string.Create(CultureInfo.InvariantCulture, $"{l.Median:0.#}, {l.P90:0.#}, {l.Max} ({l.Cards} cards)") : "-"));
        rows.Add(("cases breaking a Visa limit", r => r.Network.CasesBreakingVisa.ToString(CultureInfo.InvariantCulture)));
        rows.Add(("cases breaking a Mastercard limit", r => r.Network.CasesBreakingMastercard.ToString(CultureInfo.InvariantCulture)));
        rows.Add(("fees of rule-breaking attempts, Stripe's too", r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Network.Fees.Domestic:0.00} / {r.Network.Fees.CrossBorder:0.00} {r.Network.Fees.Currency}")));

        var cells = rows.Select(row => (row.Figure, Values: reports.Select(row.Value).ToList())).ToList();
        var first = Math.Max("policy".Length, cells.Max(c => c.Figure.Length));
        var widths = reports.Select((r, i) => Math.Max(r.Name.Length, cells.Max(c => c.Values[i].Length))).ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{report.Failures} failures backtested; outcome model trained on {report.TrainingFailures} failures of {report.TrainedOn}");
        text.AppendLine(Line("policy", first, reports.Select(r => r.Name), widths));
        text.AppendLine(new string('-', first + widths.Sum(w => w + 2)));
        foreach (var (figure, values) in cells)
            text.AppendLine(Line(figure, first, values, widths));
        return text.ToString();
    }

    public static string ToCsv(IReadOnlyList<PolicyReport> reports)
    {
        var currencies = reports.SelectMany(r => r.RecoveredAmount.Select(a => a.Currency)).Distinct().Order().ToList();
        var networks = reports.SelectMany(r => r.Network.Load.Select(l => l.Network)).Distinct().Order().ToList();
        var header = new List<string> { "policy", "file", "failures", "recovered", "recovered_lower", "recovered_upper", "rate", "rate_lower", "rate_upper" };
        header.AddRange(currencies.SelectMany(c => new[] { $"amount_minor_{c}", $"amount_minor_{c}_lower", $"amount_minor_{c}_upper" }));
        header.AddRange(["median_days_to_recover", "mean_days_to_recover", "pay_calls", "emails", "planned_retries"]);
        header.AddRange(networks.SelectMany(n => new[] { $"{n}_cards", $"{n}_attempts_per_card_30d_median", $"{n}_attempts_per_card_30d_p90",
            $"{n}_attempts_per_card_30d_max" }));
        header.AddRange(["cases_breaking_visa", "cases_breaking_mastercard", "fees_domestic", "fees_cross_border", "fee_currency"]);

        var text = new StringBuilder().AppendLine(string.Join(',', header));
        foreach (var r in reports)
        {
            var row = new List<object?> { r.Name, r.File, r.Failures, r.Recovered.Estimate, r.Recovered.Lower, r.Recovered.Upper,
                r.Rate.Estimate, r.Rate.Lower, r.Rate.Upper };
            foreach (var c in currencies)
                row.AddRange(r.RecoveredAmount.FirstOrDefault(a => a.Currency == c) is { } a
                    ? [a.AmountMinor.Estimate, a.AmountMinor.Lower, a.AmountMinor.Upper] : [null, null, null]);
            row.AddRange([r.MedianDaysToRecover, r.MeanDaysToRecover, r.PayCalls, r.Emails, r.PlannedRetries]);
            foreach (var n in networks)
                row.AddRange(r.Network.Load.FirstOrDefault(l => l.Network == n) is { } l ? [l.Cards, l.Median, l.P90, l.Max] : [0, null, null, null]);
            row.AddRange([r.Network.CasesBreakingVisa, r.Network.CasesBreakingMastercard, r.Network.Fees.Domestic, r.Network.Fees.CrossBorder,
                r.Network.Fees.Currency]);
            text.AppendLine(string.Join(',', row.Select(Field)));
        }
        return text.ToString();
    }

    private static string Field(object? value) => value switch
    {
        null => "",
        string s when s.IndexOfAny([',', '"', '\n', '\r']) >= 0 => $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Ci(Interval i, string format) =>
        $"{Number(i.Estimate, format)} [{Number(i.Lower, format)}, {Number(i.Upper, format)}]";

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "-";

    private static string Line(string first, int firstWidth, IEnumerable<string> values, IReadOnlyList<int> widths) =>
        first.PadRight(firstWidth) + string.Concat(values.Select((v, i) => "  " + v.PadLeft(widths[i])));
}
