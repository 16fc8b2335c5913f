using System.Globalization;

namespace Dunning.PolicyLab.Backtest;

/// <summary>The backtest's command line; <see cref="Parse"/> returns the reason it is refused instead when it is.</summary>
public sealed record BacktestArguments(
    string History,
    IReadOnlyList<string> Policies,
    string? Train,
    DateTimeOffset? From,
    DateTimeOffset? To,
    bool Json,
    string? Csv,
    int Seed,
    string? Model = null,
    string? SaveModel = null,
    Uri? Publish = null)
{
    public const int DefaultSeed = 19;

    public const string Help =
        "usage: lab.sh backtest --history FILE --policy A.json [--policy B.json ...] [--train FILE] [--from DATE] [--to DATE]\n"
        + "                       [--json] [--csv FILE] [--seed N] [--model FILE.zip] [--save-model FILE.zip]\n"
        + "                       [--publish METRICS_URL]\n"
        + "  --history  the failures to backtest on (JSON Lines, as lab.sh import writes them)\n"
        + "  --policy   a retry policy file (RetryPolicy settings and a name; bench/lab/policies/ has examples), once per policy\n"
        + "  --train    the history the outcome model learns from (default: --history)\n"
        + "  --from/--to  only failures whose first decline is in [from, to) (ISO dates or times, UTC unless an offset is given)\n"
        + "  --json     JSON on standard output instead of the table; --csv FILE also writes one CSV row per policy\n"
        + "  --seed     the bootstrap's seed (default 19): the same history and seed print the same intervals\n"
        + "  --model    the learned model for policies with \"Timing\": \"Learned\" (default: trained on the --train history)\n"
        + "  --save-model  also save the learned model used, to reuse with --model\n"
        + "  --publish  also send the report to the dashboard's backtests page: the metrics service's base URL (e.g. http://127.0.0.1:5083),\n"
        + "             with its API key in Api__Key; publishing the same report again stores nothing new";

    private static readonly HashSet<string> WithValue = ["--history", "--policy", "--train", "--csv", "--from", "--to", "--seed", "--model", "--save-model",
        "--publish"];

    public static (BacktestArguments? Arguments, string? Refusal) Parse(IReadOnlyList<string> args)
    {
        string? history = null, train = null, csv = null, model = null, saveModel = null;
        Uri? publish = null;
        DateTimeOffset? from = null, to = null;
        var policies = new List<string>();
        var (json, seed) = (false, DefaultSeed);
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            if (option is "--json") { json = true; continue; }
            if (option is "--help" or "-h") return (null, Help);
            if (!WithValue.Contains(option))
                return (null, $"backtest: unknown option {option}\n{Help}");
            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                return (null, $"backtest: {option} needs a value");
            var value = args[++i];
            switch (option)
            {
                case "--history": history = value; break;
                case "--policy": policies.Add(value); break;
                case "--train": train = value; break;
                case "--csv": csv = value; break;
                case "--model": model = value; break;
                case "--save-model": saveModel = value; break;
                case "--from" when Date(value) is { } d: from = d; break;
                case "--to" when Date(value) is { } d: to = d; break;
                case "--from" or "--to": return (null, $"backtest: {option} {value} is not a date (e.g. 2026-11-01)");
                case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s): seed = s; break;
                case "--publish" when MetricsUrl(value) is { } url: publish = url; break;
                case "--publish": return (null, $"backtest: --publish {value} is not an http(s) URL (the metrics service's, e.g. http://127.0.0.1:5083)");
                case "--seed": return (null, $"backtest: --seed {value} is not a whole number");
                default: throw new InvalidOperationException($"{option} is in WithValue but not handled");
            }
        }
        if (history is null) return (null, $"backtest: --history FILE is required\n{Help}");
        if (policies.Count == 0) return (null, $"backtest: at least one --policy FILE is required\n{Help}");
        if (from >= to) return (null, $"backtest: --from {from:u} is not before --to {to:u}");
        return (new BacktestArguments(history, policies, train, from, to, json, csv, seed, model, saveModel, publish), null);
    }

    /// <summary>The base URL with a closing slash, so that the API's path goes under it even when the service sits below a path.</summary>
    private static Uri? MetricsUrl(string value) =>
        Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;

    private static DateTimeOffset? Date(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
