using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// A typed read for a <see cref="UnitOfWork"/>: one statement and how to turn each of its rows into a <typeparamref name="TRow"/>.
/// Made afresh for each run (a statement belongs to one round trip), as a unit of work may run again after a rollback.
/// </summary>
public sealed record Query<TRow>(NpgsqlBatchCommand Command, Func<NpgsqlDataReader, TRow> Row)
{
    internal async Task<IReadOnlyList<TRow>> ReadRowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var rows = new List<TRow>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(Row(reader));
        return rows;
    }
}
