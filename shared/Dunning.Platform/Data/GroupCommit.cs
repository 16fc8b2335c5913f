using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Group commit, how <see cref="UnitsOfWork"/> runs units of work: the units of many concurrent callers (webhook requests,
/// consumed messages) share one PostgreSQL transaction and one commit, and each caller is answered once it committed.
/// When any unit of a group fails (or the commit does), the group is rolled back and every unit re-runs in a transaction
/// of its own, so each caller gets exactly its own outcome. A unit must therefore touch only the database and be safe to run
/// again after a rollback (inbox / ON CONFLICT make it so); it runs with the writer's token.
/// A group costs three round trips however many units it carries when they ask through <see cref="FirstRoundTrip"/> and
/// <see cref="UnitOfWork.Write"/>: [its locks, early writes, reads], [its writes], [commit].
/// A unit that locks objects names them: a group takes the locks of all its units first, in one order, so two groups never
/// wait for each other in a cycle (a deadlock stalls both writers for PostgreSQL's <c>deadlock_timeout</c>); and two units
/// naming the same object go in consecutive groups, never in one, so what one reads first cannot depend on what another writes.
/// Why and what it measured: ADR 009.
/// A transaction whose connection was lost before its commit (a failover: ADR 014) was rolled back by the server: the pool's
/// idle connections, likely to the same lost server, are dropped and it runs once more on a new one. One lost while committing
/// may have committed: its callers get <see cref="CommitOutcomeUnknownException"/> and retry it their own, idempotent way.
/// </summary>
internal sealed class GroupCommit : IAsyncDisposable
{
    private readonly Channel<PendingWork> _queue = Channel.CreateUnbounded<PendingWork>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitOptions _options;
    private readonly ILogger _logger;
    private readonly Task[] _writers;

    public GroupCommit(NpgsqlDataSource dataSource, GroupCommitOptions options, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _logger = logger;
        _writers = Enumerable.Range(0, Math.Max(1, _options.Writers)).Select(_ => Task.Run(WriteAsync)).ToArray();
    }

    /// <summary>Runs the unit of work in a transaction shared with other callers' and returns its result once committed.</summary>
    public async Task<T> RunAsync<TEarly, T>(IReadOnlyCollection<string> locks, Func<FirstRoundTrip, TEarly> early,
        Func<UnitOfWork, TEarly, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWork(locks, trip => early(trip), async (unit, answers, token) => await work(unit, (TEarly)answers!, token));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return (T)(await pending.Outcome.Task.WaitAsync(cancellationToken))!;
    }

    private async Task WriteAsync()
    {
        var group = new List<PendingWork>(_options.MaxBatch);
        var next = new List<PendingWork>(); // work that names an object a piece of the group before it named: it waits for the next group
        try
        {
            while (next.Count > 0 || await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                Fill(group, next);
                if (group.Count == 0)
                    continue; // another writer woke for the same work and took it
                if (group.Count == 1 || !await TryRunTogetherAsync(group))
                    foreach (var pending in group)
                        await RunAloneAsync(pending);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            next.ForEach(pending => pending.Outcome.TrySetCanceled());
        }
    }

    /// <summary>Fills <paramref name="group"/> with the work left over from the last group first, then with queued work,
    /// keeping out (for the next group) any piece that names an object a piece already in the group names.</summary>
    private void Fill(List<PendingWork> group, List<PendingWork> next)
    {
        group.Clear();
        var locked = new HashSet<string>(StringComparer.Ordinal);
        var waiting = next.ToArray();
        next.Clear();
        foreach (var pending in waiting)
            Join(pending);
        while (group.Count + next.Count < _options.MaxBatch && _queue.Reader.TryRead(out var queued))
            Join(queued);

        void Join(PendingWork pending)
        {
            var locks = pending.Locks;
            if (group.Count >= _options.MaxBatch || locks.Any(locked.Contains))
            {
                next.Add(pending);
                return;
            }
            group.Add(pending);
            locked.UnionWith(locks);
        }
    }

    private async Task<bool> TryRunTogetherAsync(List<PendingWork> group)
    {
        object?[] results;
        try
        {
            results = await RunInOneTransactionAsync(group);
        }
        catch (Exception exception)
        {
            if (_stopping.IsCancellationRequested)
            {
                group.ForEach(pending => pending.Outcome.TrySetCanceled());
                return true;
            }
            if (exception is CommitOutcomeUnknownException)
            {
                group.ForEach(pending => pending.Outcome.TrySetException(exception));
                return true;
            }
            _logger.LogDebug(exception, "A group of {Count} failed; running each on its own", group.Count);
            return false;
        }
        for (var i = 0; i < group.Count; i++)
            group[i].Outcome.TrySetResult(results[i]);
        return true;
    }

    private async Task RunAloneAsync(PendingWork pending)
    {
        try
        {
            var results = await RunInOneTransactionAsync([pending]);
            pending.Outcome.TrySetResult(results[0]);
        }
        catch (Exception exception)
        {
            pending.Outcome.TrySetException(exception);
        }
    }

    /// <summary>The units in one transaction, run once more on a new connection when the first one was lost before the commit.</summary>
    private async Task<object?[]> RunInOneTransactionAsync(List<PendingWork> units)
    {
        try
        {
            return await RunOnceAsync(units);
        }
        catch (Exception exception) when (exception is not CommitOutcomeUnknownException && ConnectionLoss.Is(exception)
            && !_stopping.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "A transaction of {Count} unit(s) lost its connection; running it again on a new one", units.Count);
            _dataSource.Clear(); // idle connections to the server that went away would fail the same way, one by one
            return await RunOnceAsync(units);
        }
    }

    /// <summary>The units in one transaction: [locks, early writes, reads], each unit's work, [writes], commit; their results in order.</summary>
    private async Task<object?[]> RunOnceAsync(List<PendingWork> units)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(_stopping.Token);
        await using var transaction = await connection.BeginTransactionAsync(_stopping.Token);
        var writes = new PendingWrites();
        var trips = units.Select(_ => new FirstRoundTrip()).ToArray();
        var answers = units.Select((unit, i) => unit.Early(trips[i])).ToArray();
        await FirstRoundTripAsync(transaction, units, trips);
        var results = new object?[units.Count];
        var unitsOfWork = units.Select(_ => new UnitOfWork(transaction, writes)).ToArray();
        for (var i = 0; i < units.Count; i++)
            results[i] = await units[i].Work(unitsOfWork[i], answers[i], _stopping.Token);
        await unitsOfWork[^1].FlushAsync(_stopping.Token); // the writes are the transaction's: any unit sends all of them
        try
        {
            await transaction.CommitAsync(_stopping.Token);
        }
        catch (Exception exception) when (ConnectionLoss.Is(exception))
        {
            throw new CommitOutcomeUnknownException(exception);
        }
        foreach (var unit in unitsOfWork)
            unit.Committed();
        return results;
    }

    /// <summary>The first round trip: the group's locks (all at once, in key order), every early write, then every read.</summary>
    private async Task FirstRoundTripAsync(NpgsqlTransaction transaction, List<PendingWork> units, FirstRoundTrip[] trips)
    {
        var locks = units.SelectMany(unit => unit.Locks).ToArray();
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        if (locks.Length > 0)
            batch.BatchCommands.Add(AdvisoryLocks.Take(locks));
        foreach (var command in trips.SelectMany(trip => trip.Writes).Concat(trips.SelectMany(trip => trip.Reads)))
            batch.BatchCommands.Add(command);
        if (batch.BatchCommands.Count == 0)
            return;
        await using var reader = await batch.ExecuteReaderAsync(_stopping.Token);
        // Result sets: the locks' (a row per lock), then one per read; early writes are statements without rows.
        if (locks.Length > 0)
            await reader.NextResultAsync(_stopping.Token);
        foreach (var trip in trips)
            await trip.FillAsync(reader, _stopping.Token);
    }

    /// <summary>Finishes the work already queued (up to 10 s), then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _stopping.CancelAsync();
        await Task.WhenAll(_writers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_queue.Reader.TryRead(out var pending))
            pending.Outcome.TrySetCanceled();
        _stopping.Dispose();
    }

    private sealed record PendingWork(
        IReadOnlyCollection<string> Locks, Func<FirstRoundTrip, object?> Early, Func<UnitOfWork, object?, CancellationToken, Task<object?>> Work)
    {
        public TaskCompletionSource<object?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
