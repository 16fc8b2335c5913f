using Npgsql;

namespace Dunning.Metrics.Data;

/// <summary>
/// The reports' own connections, without the consumers' auto-prepared statements: a prepared report may switch to a
/// generic plan, which doubled the summary's time over a 10M-row ledger; planned per call it fits the range asked for.
/// </summary>
public sealed class ReportDatabase(string connectionString) : IAsyncDisposable
{
    public NpgsqlDataSource DataSource { get; } = NpgsqlDataSource.Create(connectionString);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
