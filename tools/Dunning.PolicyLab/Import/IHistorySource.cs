using Dunning.Lab.History;

namespace Dunning.PolicyLab.Import;

/// <summary>Where an import reads failed invoices from, a page at a time (<see cref="CheckpointedImport"/> runs it).</summary>
public interface IHistorySource
{
    /// <summary>Where a new import starts.</summary>
    ImportCheckpoint Start();

    /// <summary>
    /// The page after <paramref name="at"/>: its failed invoices not yet in <paramref name="output"/>, and where the next page starts
    /// (<see cref="ImportCheckpoint.Lines"/> aside); null when this was the last.
    /// </summary>
    Task<(List<FailedInvoice> Found, ImportCheckpoint? Next)> PageAsync(ImportCheckpoint at, HistoryOutput output, CancellationToken cancellationToken);
}
