using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Runs units of work: opens the transaction, answers the unit's first round trip, runs its work, sends its writes, commits,
/// then wakes the workers it left work for (the outbox relay, the due-job worker). Units running at the same time share the
/// transaction (<see cref="GroupCommit"/>); each caller still gets exactly its own outcome, once its unit committed. A unit of
/// work touches only the database and may run again after a rollback.
/// </summary>
public sealed class UnitsOfWork : IAsyncDisposable
{
    private readonly GroupCommit _groupCommit;

    public UnitsOfWork(NpgsqlDataSource dataSource, Microsoft.Extensions.Options.IOptions<GroupCommitOptions> options,
        Microsoft.Extensions.Logging.ILogger<UnitsOfWork> logger) =>
        _groupCommit = new GroupCommit(dataSource, options.Value, logger);

    /// <summary>Runs <paramref name="work"/> and returns its result once committed.</summary>
    public Task<T> RunAsync<T>(Func<UnitOfWork, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _groupCommit.RunAsync([], _ => 0, (unit, _, token) => work(unit, token), cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> once the objects named in <paramref name="locks"/> are locked and its first round trip
    /// (<paramref name="early"/>: early writes and reads, answered by typed handles) has run; returns its result once committed.
    /// </summary>
    public Task<T> RunAsync<TEarly, T>(IReadOnlyCollection<string> locks, Func<FirstRoundTrip, TEarly> early,
        Func<UnitOfWork, TEarly, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        _groupCommit.RunAsync(locks, early, work, cancellationToken);

    /// <summary>Finishes the units already queued (up to 10 s), then stops.</summary>
    public ValueTask DisposeAsync() => _groupCommit.DisposeAsync();
}
