using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// One transaction's work, as a store sees it: it reads (<see cref="ReadAsync{TRow}"/>) and writes (<see cref="Write"/>), and
/// whoever runs it (<see cref="UnitsOfWork"/>, the due-job worker) commits it and then wakes the workers it has work for.
/// Writes wait for the unit's next round trip: they go out, in order, before its next read or at the commit, so a unit of
/// work reads what it wrote, and a group of units sharing a transaction writes in one round trip.
/// </summary>
public sealed class UnitOfWork
{
    private readonly NpgsqlTransaction _transaction;
    private readonly PendingWrites _pending;
    private readonly HashSet<WakeUpSignal> _wakeUps = [];

    internal UnitOfWork(NpgsqlTransaction transaction, PendingWrites pending)
    {
        _transaction = transaction;
        _pending = pending;
    }

    /// <summary>
    /// Leaves <paramref name="command"/> for the unit's next round trip. <paramref name="mustAffectRows"/>: a statement that
    /// affects no row fails the unit of work (rolled back; in a group, each unit then runs alone, so the one that wrote it fails).
    /// </summary>
    public void Write(NpgsqlBatchCommand command, bool mustAffectRows = false) => _pending.Add(new(command, mustAffectRows, ReturnsRows: false));

    /// <summary>Holds the transaction-scoped advisory locks of the objects named, from the unit's next round trip until it ends.</summary>
    public void Lock(params IReadOnlyCollection<string> names)
    {
        if (names.Count > 0)
            _pending.Add(new(AdvisoryLocks.Take(names), MustAffectRows: false, ReturnsRows: true));
    }

    /// <summary>Reads the query's rows, in the round trip that sends the writes left before it.</summary>
    public async Task<IReadOnlyList<TRow>> ReadAsync<TRow>(Query<TRow> query, CancellationToken cancellationToken)
    {
        await using var batch = _pending.Drain(_transaction, out var sent);
        batch.BatchCommands.Add(query.Command);
        IReadOnlyList<TRow> rows;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            for (var skip = sent.Count(write => write.ReturnsRows); skip > 0; skip--)
                await reader.NextResultAsync(cancellationToken);
            rows = await query.ReadRowsAsync(reader, cancellationToken);
        }
        PendingWrites.Check(sent);
        return rows;
    }

    /// <summary>Runs <paramref name="command"/> now (after the writes left before it); returns the rows it affected.</summary>
    public async Task<int> ExecuteAsync(NpgsqlBatchCommand command, CancellationToken cancellationToken)
    {
        Write(command);
        await FlushAsync(cancellationToken);
        return command.RecordsAffected;
    }

    /// <summary>Wakes <paramref name="signal"/>'s worker once this unit of work committed (a message to relay, a job due now).</summary>
    public void WakeAfterCommit(WakeUpSignal signal) => _wakeUps.Add(signal);

    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
            return;
        await using var batch = _pending.Drain(_transaction, out var sent);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        PendingWrites.Check(sent);
    }

    /// <summary>Flushes, commits, then wakes the workers the unit has work for.</summary>
    internal async Task CommitAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
        Committed();
    }

    /// <summary>The transaction this unit shares committed (a group's commit): its wake-ups go.</summary>
    internal void Committed()
    {
        foreach (var signal in _wakeUps)
            signal.Pulse();
    }
}
