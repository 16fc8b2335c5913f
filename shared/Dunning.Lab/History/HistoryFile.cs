using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dunning.Lab.History;

/// <summary>
/// The history as a file: JSON Lines, one <see cref="FailedInvoice"/> per line, the form the importer writes and the backtest
/// reads. One line per invoice lets a reader stream a large history and a resumed import append to it.
/// </summary>
public static class HistoryFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Line(FailedInvoice invoice) => JsonSerializer.Serialize(invoice, Json);

    public static FailedInvoice Parse(string line) =>
        JsonSerializer.Deserialize<FailedInvoice>(line, Json) ?? throw new FormatException("A history line is a failed invoice, not null");

    public static async Task WriteAsync(string path, IEnumerable<FailedInvoice> invoices, CancellationToken cancellationToken = default) =>
        await File.WriteAllLinesAsync(path, invoices.Select(Line), cancellationToken);

    /// <summary>Reads every invoice; a line that does not parse names its number.</summary>
    public static async IAsyncEnumerable<FailedInvoice> ReadAsync(string path,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            FailedInvoice invoice;
            try { invoice = Parse(line); }
            catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
            {
                throw new FormatException($"{path}, line {number}: not a failed invoice of the history ({e.Message})", e);
            }
            yield return invoice;
        }
    }
}
