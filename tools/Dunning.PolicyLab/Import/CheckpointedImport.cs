namespace Dunning.PolicyLab.Import;

/// <summary>
/// Every import's loop: a page read, its invoices appended (flushed), then the checkpoint saved; restarted with the same arguments it
/// resumes from the checkpoint, and a finished import deletes it.
/// </summary>
public static class CheckpointedImport
{
    /// <exception cref="CheckpointMismatchException">The output's checkpoint belongs to an import with other arguments.</exception>
    public static async Task RunAsync(IHistorySource source, ImportArguments arguments, TextWriter log, CancellationToken cancellationToken)
    {
        var checkpoint = await ImportCheckpoint.LoadAsync(arguments.Out, cancellationToken);
        if (checkpoint is not null && checkpoint.Arguments != arguments.Fingerprint)
            throw new CheckpointMismatchException(ImportCheckpoint.PathFor(arguments.Out), checkpoint.Arguments, arguments.Fingerprint);
        if (checkpoint is null)
            checkpoint = source.Start();
        else
            await log.WriteLineAsync($"resuming from {ImportCheckpoint.PathFor(arguments.Out)}: {checkpoint.Lines} invoices kept, {checkpoint.Pass} pass");

        await using var output = await HistoryOutput.OpenAsync(arguments.Out, checkpoint.Lines, cancellationToken);
        while (true)
        {
            var (found, next) = await source.PageAsync(checkpoint, output, cancellationToken);
            await output.AppendAsync(found, cancellationToken);
            if (next is null) break;
            checkpoint = next with { Lines = output.Lines };
            await checkpoint.SaveAsync(arguments.Out, cancellationToken);
        }
        ImportCheckpoint.Remove(arguments.Out);
        await log.WriteLineAsync($"imported {output.Lines} failed invoices into {arguments.Out}");
    }
}

/// <summary>The output's checkpoint was made by an import with other arguments: resuming it would mix two histories.</summary>
public sealed class CheckpointMismatchException(string path, string saved, string given)
    : Exception($"{path} belongs to an import of '{saved}', these arguments ask for '{given}': rerun that import, or delete the checkpoint "
                + "to start over");
