using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// What a piece of <see cref="GroupCommit"/> work asks of its group's first round trip: the advisory locks it needs
/// (<c>pg_advisory_xact_lock(hashtextextended(name, 0))</c>, taken with the whole group's in one order), a lead statement whose
/// affected rows it learns, and reads whose rows it learns. Called again for each run, as a group may be re-run one by one.
/// Work that names locks never shares a group with work naming one of the same locks: what one piece reads in the first
/// round trip cannot depend on what another writes in the same transaction.
/// </summary>
public sealed record GroupStart(
    IReadOnlyCollection<string> Locks,
    Func<NpgsqlBatchCommand>? Lead = null,
    Func<IReadOnlyList<NpgsqlBatchCommand>>? Reads = null)
{
    public static GroupStart None { get; } = new([]);
}
