using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>The statements a transaction's units of work left for its next round trip, in the order they were left.</summary>
internal sealed class PendingWrites
{
    private List<PendingWrite> _writes = [];

    public bool IsEmpty => _writes.Count == 0;

    public void Add(PendingWrite write) => _writes.Add(write);

    /// <summary>A batch holding every pending write (now sent); <paramref name="sent"/> says which, for <see cref="Check"/>.</summary>
    public NpgsqlBatch Drain(NpgsqlTransaction transaction, out IReadOnlyList<PendingWrite> sent)
    {
        var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var write in _writes)
            batch.BatchCommands.Add(write.Command);
        sent = _writes;
        _writes = [];
        return batch;
    }

    /// <summary>Fails when a write that must affect rows affected none.</summary>
    public static void Check(IReadOnlyList<PendingWrite> sent)
    {
        if (sent.FirstOrDefault(write => write.MustAffectRows && write.Command.RecordsAffected == 0) is { } unaffected)
            throw new InvalidOperationException($"A write that must affect rows affected none: {unaffected.Command.CommandText}");
    }
}

internal sealed record PendingWrite(NpgsqlBatchCommand Command, bool MustAffectRows, bool ReturnsRows);
