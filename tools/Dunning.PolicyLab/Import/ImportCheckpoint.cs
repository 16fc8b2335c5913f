using System.Text.Json;
using Dunning.Lab.History;

namespace Dunning.PolicyLab.Import;

/// <summary>What an import reads, in order: a Stripe import's events then invoices (<see cref="StripeImport"/>), or Dunning's cases.</summary>
public enum ImportPass { Events, Invoices, Cases }

/// <summary>
/// How far an import got, saved after every page as <c>&lt;out&gt;.checkpoint</c>: the pass, the list cursor to continue after, and how
/// many lines of the output are final. A restart with the same arguments cuts the output back to <see cref="Lines"/> (a page written
/// but not checkpointed is written again) and goes on after <see cref="After"/>. A finished import deletes it.
/// </summary>
/// <param name="Arguments">The arguments' <see cref="ImportArguments.Fingerprint"/>: a checkpoint resumes only the same import.</param>
/// <param name="Cutoff">Stripe: Unix seconds; failures from here on are read from events, invoices created before from the invoice list.
/// Fixed at the first start, so a resumed import splits the work as the interrupted one did.</param>
public sealed record ImportCheckpoint(string Arguments, long Cutoff, ImportPass Pass, string? After, int Lines)
{
    public static string PathFor(string output) => output + ".checkpoint";

    public static async Task<ImportCheckpoint?> LoadAsync(string output, CancellationToken cancellationToken)
    {
        var path = PathFor(output);
        if (!File.Exists(path)) return null;
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<ImportCheckpoint>(file, HistoryFile.Json, cancellationToken)
            ?? throw new InvalidDataException($"{path} is not an import checkpoint");
    }

    /// <summary>Written to a temporary file, flushed to disk and renamed over the old one: a crash leaves the old or the new, whole.</summary>
    public async Task SaveAsync(string output, CancellationToken cancellationToken)
    {
        var path = PathFor(output);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(file, this, HistoryFile.Json, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    public static void Remove(string output) => File.Delete(PathFor(output));
}
