using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dunning.Lab.Statistics;

namespace Dunning.Metrics.Domain;

/// <summary>
/// A report of the policy lab's backtest (tools/Dunning.PolicyLab, <c>lab.sh backtest --json</c>), as the backtests page shows it. Read
/// strictly (<see cref="Read"/>): every field the lab writes, none it does not, so what is stored is a report the page can show. Optional
/// fields come last: the lab leaves out what is null.
/// </summary>
public sealed record BacktestReport(
    string History,
    int Failures,
    string TrainedOn,
    int TrainingFailures,
    int Seed,
    IReadOnlyList<BacktestPolicy> Policies,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Model = null)
{
    public const int MaxPolicies = 50;

    public const string Shape = "Send the JSON that scripts/lab.sh backtest --json prints, as it is (or run the backtest with --publish).";

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report in one canonical form (what is stored), whatever the spacing it arrived with.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Strict);

    /// <summary>Its content's name: the same report, published twice, has the same id.</summary>
    public string Id() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())))[..16];

    public static bool IsId(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>The report in <paramref name="json"/>, or a sentence saying why it is not one.</summary>
    public static (BacktestReport? Report, string? Problem) Read(string json)
    {
        BacktestReport? report;
        try
        {
            report = JsonSerializer.Deserialize<BacktestReport>(json, Strict);
        }
        catch (JsonException e)
        {
            return (null, $"The body is not a backtest report: {e.Message} {Shape}");
        }
        if (report is null) return (null, $"The body is null. {Shape}");
        var problem = report.Problem();
        return problem is null ? (report, null) : (null, $"{problem} {Shape}");
    }

    private string? Problem()
    {
        if (string.IsNullOrWhiteSpace(History)) return "'history' is empty: it names the history file backtested.";
        if (Failures <= 0) return $"The report backtested {Failures} failures: nothing to compare. Widen --from/--to or import a longer history.";
        if (From >= To) return $"'from' ({From:u}) is not before 'to' ({To:u}).";
        if (Policies.Count is 0 or > MaxPolicies) return $"'policies' has {Policies.Count} reports: 1 to {MaxPolicies}, one per policy compared.";
        return Policies.Select(p => p.Problem(Failures) is { } problem ? $"Policy '{p.Name}': {problem}" : null).FirstOrDefault(p => p is not null);
    }
}

/// <summary>One policy's figures, as the lab's <c>PolicyReport</c> writes them (amounts in minor units, intervals at 95 %).</summary>
public sealed record BacktestPolicy(
    string Name,
    string File,
    int Failures,
    Interval Recovered,
    Interval Rate,
    IReadOnlyList<BacktestAmount> RecoveredAmount,
    int PlannedRetries,
    double PayCalls,
    BacktestNetwork Network,
    double? MedianDaysToRecover = null,
    double? MeanDaysToRecover = null,
    double? Emails = null)
{
    internal string? Problem(int failures)
    {
        if (string.IsNullOrWhiteSpace(Name)) return "'name' is empty.";
        if (Failures != failures) return $"it backtested {Failures} failures, the report {failures}: every policy runs on the same failures.";
        if (!Valid(Recovered) || Recovered.Upper > failures) return $"'recovered' {Limits(Recovered)} is not an interval within 0 to {failures} failures.";
        if (!Valid(Rate) || Rate.Upper > 1) return $"'rate' {Limits(Rate)} is not an interval of rates within 0 to 1.";
        if (RecoveredAmount.FirstOrDefault(a => a.Currency.Length != 3 || !Valid(a.AmountMinor)) is { } amount)
            return $"'recoveredAmount' in '{amount.Currency}' needs a three-letter currency and an interval of amounts of 0 or more.";
        if (PlannedRetries < 0 || !(PayCalls >= 0) || MedianDaysToRecover < 0 || MeanDaysToRecover < 0 || Emails < 0)
            return "'plannedRetries', 'payCalls', 'emails' and the days to recover are never negative.";
        return Network.Problem();
    }

    private static string Limits(Interval i) => string.Create(CultureInfo.InvariantCulture, $"[{i.Lower}, {i.Upper}]");

    /// <summary>Finite, not negative, lower limit not above the upper (the estimate may sit outside a bootstrap's percentiles).</summary>
    internal static bool Valid(Interval i) =>
        double.IsFinite(i.Estimate) && double.IsFinite(i.Lower) && double.IsFinite(i.Upper) && i.Lower >= 0 && i.Estimate >= 0 && i.Lower <= i.Upper;
}

public sealed record BacktestAmount(string Currency, Interval AmountMinor);

/// <summary>Attempts per card in any 30 days by network, cases breaking Visa's or Mastercard's limits, and the fees of rule-breaking attempts.</summary>
public sealed record BacktestNetwork(IReadOnlyList<BacktestNetworkLoad> Load, int CasesBreakingVisa, int CasesBreakingMastercard, BacktestFees Fees)
{
    internal string? Problem()
    {
        if (Load.Any(l => string.IsNullOrWhiteSpace(l.Network) || l.Cards < 0 || !(l.Median >= 0) || !(l.P90 >= l.Median) || l.Max < l.P90))
            return "'network.load' needs a network name and, per network, cards and attempts of 0 or more (median ≤ p90 ≤ max).";
        if (CasesBreakingVisa < 0 || CasesBreakingMastercard < 0 || Fees.Domestic < 0 || Fees.CrossBorder < 0 || Fees.Currency.Length != 3)
            return "'network' counts and fees are never negative, and the fees have a three-letter currency.";
        return null;
    }
}

public sealed record BacktestNetworkLoad(string Network, int Cards, double Median, double P90, int Max);

public sealed record BacktestFees(string Currency, decimal Domestic, decimal CrossBorder);
