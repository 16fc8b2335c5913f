using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// A piece of <see cref="GroupCommit"/> work's view of its group: the shared transaction, what its <see cref="GroupStart"/>
/// lead and reads found in the first round trip, and the statements it leaves for the group's last round trip.
/// </summary>
public sealed class GroupStep(NpgsqlTransaction transaction, int leadRows, IReadOnlyList<IReadOnlyList<object[]>> reads)
{
    private readonly List<(NpgsqlBatchCommand Command, bool MustAffectRows)> _writes = [];

    public NpgsqlTransaction Transaction { get; } = transaction;

    /// <summary>Rows the lead statement affected (0 without one).</summary>
    public int LeadRows { get; } = leadRows;

    /// <summary>The rows (column values) of each of the reads, in their order.</summary>
    public IReadOnlyList<IReadOnlyList<object[]>> Reads { get; } = reads;

    /// <summary>
    /// Leaves <paramref name="command"/> for the group's last round trip, sent with every other piece's before the commit.
    /// <paramref name="mustAffectRows"/>: a statement that affects no row fails the group, which then re-runs each piece alone
    /// (so the piece that wrote it gets the failure).
    /// </summary>
    public void Write(NpgsqlBatchCommand command, bool mustAffectRows = false) => _writes.Add((command, mustAffectRows));

    internal IReadOnlyList<(NpgsqlBatchCommand Command, bool MustAffectRows)> Writes => _writes;
}
