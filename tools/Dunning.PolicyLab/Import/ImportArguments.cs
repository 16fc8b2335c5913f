using System.Globalization;

namespace Dunning.PolicyLab.Import;

/// <summary>Where the history comes from.</summary>
public enum ImportSource { Stripe, Dunning }

/// <summary>
/// The import's command line: <c>--from-stripe | --from-dunning</c>, <c>--out FILE</c>, <c>[--since DATE]</c> (UTC: Stripe invoices created
/// on or after it, Dunning cases that failed on or after it), <c>[--page-size N]</c> (objects per list call, 1–100 as Stripe allows; default
/// 100).
/// </summary>
public sealed record ImportArguments(ImportSource Source, string Out, DateTimeOffset? Since, int PageSize)
{
    public const string Help =
        "usage: lab.sh import (--from-stripe | --from-dunning) --out history.jsonl [--since YYYY-MM-DD] [--page-size 1-100]\n"
        + "  --since: Stripe invoices created, or Dunning cases first failed, on or after DATE (UTC).\n"
        + "  Stripe settings as the services take them: Stripe__ApiKey, Stripe__ApiBase, Stripe__RequestsPerSecond.\n"
        + "  --from-dunning reads ConnectionStrings__DunningReadOnly (SELECT on scheduler.cases, scheduler.case_events, metrics.ledger).\n"
        + "  Rerun with the same arguments after a crash: the import resumes from history.jsonl.checkpoint.";

    /// <summary>What a checkpoint must have been made with to be resumed: the same source and range (the page size may change).</summary>
    public string Fingerprint => $"{Source} since={Since?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) ?? "-"}";

    /// <summary>The arguments, or why they are refused.</summary>
    public static (ImportArguments? Arguments, string? Refusal) Parse(IReadOnlyList<string> args)
    {
        ImportSource? source = null;
        string? output = null;
        DateTimeOffset? since = null;
        var pageSize = 100;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--from-stripe" or "--from-dunning" when source is not null:
                    return Refuse("give one of --from-stripe and --from-dunning, not both");
                case "--from-stripe": source = ImportSource.Stripe; break;
                case "--from-dunning": source = ImportSource.Dunning; break;
                case "--out" when value is { Length: > 0 } && !value.StartsWith("--", StringComparison.Ordinal):
                    output = value; i++; break;
                case "--since" when value is not null && Date(value) is { } date:
                    since = date; i++; break;
                case "--since": return Refuse($"--since takes a date (YYYY-MM-DD or ISO 8601), not '{value}'");
                case "--page-size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= 100:
                    pageSize = size; i++; break;
                case "--page-size": return Refuse($"--page-size takes a number from 1 to 100 (Stripe's list limit), not '{value}'");
                case "--out": return Refuse("--out takes the history file to write");
                default: return Refuse($"unknown argument '{args[i]}'");
            }
        }
        if (source is null) return Refuse("say where the history comes from: --from-stripe or --from-dunning");
        if (output is null) return Refuse("--out FILE is required");
        return (new ImportArguments(source.Value, output, since, pageSize), null);
    }

    private static (ImportArguments?, string?) Refuse(string reason) => (null, $"import: {reason}\n{Help}");

    private static DateTimeOffset? Date(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
