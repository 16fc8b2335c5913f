using System.Text;
using Dunning.Lab.History;

namespace Dunning.PolicyLab.Import;

/// <summary>
/// The history file an import appends to, page by page, and the invoices already in it (an invoice is written once, though
/// Stripe names it in several events and in both passes).
/// </summary>
public sealed class HistoryOutput : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly HashSet<string> _invoices;

    private HistoryOutput(FileStream file, HashSet<string> invoices)
    {
        _file = file;
        _invoices = invoices;
    }

    /// <summary>Lines written and kept.</summary>
    public int Lines => _invoices.Count;

    public bool Contains(string invoiceId) => _invoices.Contains(invoiceId);

    /// <summary>A new, empty file; or, resuming, the existing one cut back to its first <paramref name="keep"/> lines.</summary>
    public static async Task<HistoryOutput> OpenAsync(string path, int keep, CancellationToken cancellationToken)
    {
        var file = new FileStream(path, keep == 0 ? FileMode.Create : FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            var (end, invoices) = await ReadLinesAsync(file, keep, cancellationToken);
            if (invoices.Count < keep)
                throw new InvalidDataException($"{path} has {invoices.Count} whole lines, its checkpoint says {keep}: it was changed since");
            file.SetLength(end);
            file.Position = end;
            return new HistoryOutput(file, invoices);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>Appends one page's invoices and flushes them to disk before the checkpoint that counts them is saved.</summary>
    public async Task AppendAsync(IReadOnlyList<FailedInvoice> page, CancellationToken cancellationToken)
    {
        foreach (var invoice in page)
        {
            if (!_invoices.Add(invoice.InvoiceId)) throw new InvalidOperationException($"{invoice.InvoiceId} is already in the history");
            await _file.WriteAsync(Encoding.UTF8.GetBytes(HistoryFile.Line(invoice) + "\n"), cancellationToken);
        }
        await _file.FlushAsync(cancellationToken);
        _file.Flush(flushToDisk: true);
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    /// <summary>The byte offset after the first <paramref name="count"/> whole lines, and their invoices.</summary>
    private static async Task<(long End, HashSet<string> Invoices)> ReadLinesAsync(FileStream file, int count, CancellationToken cancellationToken)
    {
        var invoices = new HashSet<string>(StringComparer.Ordinal);
        var line = new MemoryStream();
        var buffer = new byte[1 << 16];
        long end = 0, position = 0;
        int read;
        while (invoices.Count < count && (read = await file.ReadAsync(buffer, cancellationToken)) > 0)
        {
            for (var i = 0; i < read && invoices.Count < count; i++)
            {
                position++;
                if (buffer[i] != (byte)'\n')
                {
                    line.WriteByte(buffer[i]);
                    continue;
                }
                invoices.Add(HistoryFile.Parse(Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length)).InvoiceId);
                line.SetLength(0);
                end = position;
            }
        }
        return (end, invoices);
    }
}
