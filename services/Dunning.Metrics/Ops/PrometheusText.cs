using System.Globalization;
using System.Text.RegularExpressions;

namespace Dunning.Metrics.Ops;

/// <summary>One sample of a Prometheus text scrape: <c>name{label="value",...} 12.5</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.GetValueOrDefault(name, "");
}

/// <summary>Reads the samples of a Prometheus text-format scrape (what each service's <c>/metrics</c> answers); comments skipped.</summary>
public static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string scrape, string namePrefix = "dunning_") =>
        scrape.Split('\n').Select(line => line.Trim())
            .Where(line => line.StartsWith(namePrefix, StringComparison.Ordinal))
            .Select(ParseLine).OfType<PrometheusSample>().ToList();

    private static PrometheusSample? ParseLine(string line)
    {
        var match = Sample().Match(line);
        if (!match.Success || !double.TryParse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return null;
        var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(
            l => l.Groups["name"].Value,
            l => l.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));
        return new PrometheusSample(match.Groups["name"].Value, labels, value);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)""")]
    private static partial Regex Sample();

    [GeneratedRegex("""(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)",?""")]
    private static partial Regex Label();
}
