using System.Runtime.CompilerServices;
using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Transactions that did something to tell once they commit (a message for the outbox relay, a job due now for the job
/// worker): marked while they run, taken once after the commit. Npgsql reuses a connection's transaction object, so a mark a
/// rolled-back transaction left can wake a worker for nothing, and a commit whose mark was taken by another transaction on the
/// same connection in between can miss its wake-up; both cost latency only, as the workers poll anyway.
/// </summary>
public sealed class TransactionMarks
{
    private readonly ConditionalWeakTable<NpgsqlTransaction, object> _marked = new();

    public void Mark(NpgsqlTransaction transaction) => _marked.AddOrUpdate(transaction, transaction);

    /// <summary>Whether <paramref name="transaction"/> was marked; clears the mark.</summary>
    public bool Take(NpgsqlTransaction transaction) => _marked.Remove(transaction);
}
