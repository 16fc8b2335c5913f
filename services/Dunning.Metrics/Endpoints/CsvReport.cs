using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Dunning.Metrics.Endpoints;

/// <summary>
/// Writes a report as CSV from its JSON form, so both always carry the same figures: a report with
/// <c>rows</c> becomes one line per row, followed by the report's own plain fields (currency, range, mode...) so that a file
/// read on its own still says whose figures it holds; any other report becomes <c>figure,value</c> lines with dotted paths.
/// </summary>
public static class CsvReport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Write(object report)
    {
        var root = JsonSerializer.SerializeToElement(report, report.GetType(), Json);
        var csv = new StringBuilder();
        if (root.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array)
            WriteRows(csv, rows, root.EnumerateObject().Where(p => p.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)).ToList());
        else
            WriteFigures(csv, root);
        return csv.ToString();
    }

    private static void WriteRows(StringBuilder csv, JsonElement rows, List<JsonProperty> report)
    {
        var first = true;
        foreach (var row in rows.EnumerateArray())
        {
            if (first) AppendLine(csv, row.EnumerateObject().Select(p => p.Name).Concat(report.Select(p => p.Name)));
            first = false;
            AppendLine(csv, row.EnumerateObject().Select(p => Cell(p.Value)).Concat(report.Select(p => Cell(p.Value))));
        }
        if (first) AppendLine(csv, report.Select(p => p.Name)); // no rows: the header still says what was asked for
    }

    private static void WriteFigures(StringBuilder csv, JsonElement root)
    {
        AppendLine(csv, ["figure", "value"]);
        foreach (var (path, value) in Flatten("", root))
            AppendLine(csv, [path, Cell(value)]);
    }

    private static IEnumerable<(string, JsonElement)> Flatten(string prefix, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            yield return (prefix, element);
            yield break;
        }
        foreach (var property in element.EnumerateObject())
            foreach (var leaf in Flatten(prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", property.Value))
                yield return leaf;
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "",
        JsonValueKind.String => Inert(value.GetString()!),
        JsonValueKind.Number => value.GetRawText(),
        _ => value.GetRawText(),
    };

    /// <summary>
    /// A text cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first: OWASP "CSV injection") gets a
    /// leading apostrophe. Ledger text such as a card brand arrives from webhooks, so it may be anything.
    /// </summary>
    public static string Inert(string text) => text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;

    private static void AppendLine(StringBuilder csv, IEnumerable<string> cells) =>
        csv.Append(string.Join(',', cells.Select(Quote))).Append("\r\n");

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>True when the caller asked for CSV (<c>?format=csv</c> or <c>Accept: text/csv</c>).</summary>
    public static bool IsRequested(HttpRequest request) =>
        string.Equals(request.Query["format"], "csv", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    public static IResult Respond(HttpRequest request, object report) =>
        IsRequested(request)
            ? Results.Text(Write(report), "text/csv; charset=utf-8", Encoding.UTF8)
            : Results.Ok(report);
}
