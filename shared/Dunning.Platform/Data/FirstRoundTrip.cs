using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// What a unit of work asks of its group's first round trip (<see cref="UnitsOfWork.RunAsync{TEarly, T}"/>), sent with every other
/// unit's of the group: early writes whose affected rows it learns (an inbox row: new or seen), then reads. Each answer is a
/// typed handle, filled before the unit's work runs.
/// </summary>
public sealed class FirstRoundTrip
{
    private readonly List<NpgsqlBatchCommand> _writes = [];
    private readonly List<(NpgsqlBatchCommand Command, Func<NpgsqlDataReader, CancellationToken, Task> Fill)> _reads = [];

    /// <summary>Runs <paramref name="command"/> first; the handle tells how many rows it affected.</summary>
    public EarlyWrite Write(NpgsqlBatchCommand command)
    {
        _writes.Add(command);
        return new EarlyWrite(command);
    }

    /// <summary>Reads <paramref name="query"/>'s rows after the early writes.</summary>
    public EarlyRead<TRow> Read<TRow>(Query<TRow> query)
    {
        var read = new EarlyRead<TRow>();
        _reads.Add((query.Command, async (reader, token) => read.Rows = await query.ReadRowsAsync(reader, token)));
        return read;
    }

    internal IEnumerable<NpgsqlBatchCommand> Writes => _writes;

    internal IEnumerable<NpgsqlBatchCommand> Reads => _reads.Select(read => read.Command);

    /// <summary>Fills the reads' handles from their result sets, which start where <paramref name="reader"/> stands.</summary>
    internal async Task FillAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        foreach (var (_, fill) in _reads)
        {
            await fill(reader, cancellationToken);
            await reader.NextResultAsync(cancellationToken);
        }
    }
}

/// <summary>A write of a unit of work's first round trip.</summary>
public sealed class EarlyWrite(NpgsqlBatchCommand command)
{
    public int RowsAffected => command.RecordsAffected;
}

/// <summary>A read of a unit of work's first round trip; its rows are there when the unit's work runs.</summary>
public sealed class EarlyRead<TRow>
{
    private IReadOnlyList<TRow>? _rows;

    public IReadOnlyList<TRow> Rows
    {
        get => _rows ?? throw new InvalidOperationException("The first round trip has not run yet");
        internal set => _rows = value;
    }
}
