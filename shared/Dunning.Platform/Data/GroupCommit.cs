using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Platform.Data;

/// <summary>
/// Group commit: runs the transactional work of many concurrent callers (webhook requests, consumed messages) in one
/// PostgreSQL transaction and one commit, then answers each caller. A caller's task completes only after its work committed.
/// When any work in a group fails (or the commit does), the group is rolled back and every piece re-runs in a transaction
/// of its own, so each caller gets exactly its own outcome. Work must therefore touch only the database through the given
/// transaction and be safe to run again after a rollback (inbox / ON CONFLICT make it so); it runs with the writer's token.
/// A group costs three round trips however many pieces it carries when its work asks through <see cref="GroupStart"/> and
/// <see cref="GroupStep.Write"/>: [its locks, leads and reads], [its writes], [commit].
/// Work that locks objects names them (<see cref="GroupStart.Locks"/>): a group takes the locks of all its work first, in one
/// order, so two groups never wait for each other in a cycle (a deadlock stalls both writers for PostgreSQL's
/// <c>deadlock_timeout</c>); and two pieces naming the same object go in consecutive groups, never in one.
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    private readonly Channel<PendingWork> _queue = Channel.CreateUnbounded<PendingWork>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitOptions _options;
    private readonly ILogger<GroupCommit> _logger;
    private readonly Task[] _writers;

    /// <summary>Transaction-scoped advisory locks on objects named by text, taken in the order of their keys.</summary>
    private const string LockInOrder = """
        SELECT pg_advisory_xact_lock(key) FROM (SELECT DISTINCT hashtextextended(name, 0) AS key FROM unnest($1::text[]) name ORDER BY key) ordered
        """;

    public GroupCommit(NpgsqlDataSource dataSource, IOptions<GroupCommitOptions> options, ILogger<GroupCommit> logger)
    {
        _dataSource = dataSource;
        _options = options.Value;
        _logger = logger;
        _writers = Enumerable.Range(0, Math.Max(1, _options.Writers)).Select(_ => Task.Run(WriteAsync)).ToArray();
    }

    /// <summary>Runs <paramref name="work"/> in a transaction shared with other callers' work and returns its result once committed.</summary>
    public Task<T> RunAsync<T>(Func<NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RunAsync(GroupStart.None, (step, token) => work(step.Transaction, token), cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in a shared transaction once the group's first round trip made what <paramref name="start"/>
    /// asks (locks held, lead run, reads read; see <see cref="GroupStep"/>), and returns its result once committed.
    /// </summary>
    public async Task<T> RunAsync<T>(GroupStart start, Func<GroupStep, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWork(start, async (step, token) => await work(step, token));
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
            var locks = pending.Start.Locks;
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

    /// <summary>The pieces' work in one transaction: [locks, leads, reads], each piece's work, [writes], commit; their results in order.</summary>
    private async Task<object?[]> RunInOneTransactionAsync(List<PendingWork> pieces)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(_stopping.Token);
        await using var transaction = await connection.BeginTransactionAsync(_stopping.Token);
        var steps = await StartAsync(transaction, pieces);
        var results = new object?[pieces.Count];
        for (var i = 0; i < pieces.Count; i++)
            results[i] = await pieces[i].Work(steps[i], _stopping.Token);
        await WriteAsync(transaction, steps);
        await transaction.CommitAsync(_stopping.Token);
        return results;
    }

    /// <summary>
    /// The first round trip: the group's locks (all at once, in key order), every lead statement, then every read; returns
    /// each piece's step with the rows its lead affected (0 without one) and its reads' rows.
    /// </summary>
    private async Task<GroupStep[]> StartAsync(NpgsqlTransaction transaction, List<PendingWork> group)
    {
        var locks = group.SelectMany(pending => pending.Start.Locks).ToArray();
        var leads = group.Select(pending => pending.Start.Lead?.Invoke()).ToList();
        var reads = group.Select(pending => pending.Start.Reads?.Invoke() ?? []).ToList();
        var readRows = reads.Select(r => new IReadOnlyList<object[]>[r.Count]).ToList();
        if (locks.Length > 0 || leads.Any(lead => lead is not null) || reads.Any(r => r.Count > 0))
        {
            await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
            if (locks.Length > 0)
                batch.BatchCommands.Add(new NpgsqlBatchCommand(LockInOrder) { Parameters = { new() { Value = locks } } });
            foreach (var lead in leads.OfType<NpgsqlBatchCommand>())
                batch.BatchCommands.Add(lead);
            foreach (var read in reads.SelectMany(r => r))
                batch.BatchCommands.Add(read);
            await using var reader = await batch.ExecuteReaderAsync(_stopping.Token);
            // Result sets: the locks' (a row per lock), then one per read; leads are statements without rows.
            if (locks.Length > 0)
                await reader.NextResultAsync(_stopping.Token);
            for (var i = 0; i < group.Count; i++)
                for (var j = 0; j < reads[i].Count; j++)
                {
                    readRows[i][j] = await RowsAsync(reader);
                    await reader.NextResultAsync(_stopping.Token);
                }
        }
        return [.. group.Select((_, i) => new GroupStep(transaction, leads[i]?.RecordsAffected ?? 0, readRows[i]))];
    }

    private async Task<IReadOnlyList<object[]>> RowsAsync(NpgsqlDataReader reader)
    {
        var rows = new List<object[]>();
        while (await reader.ReadAsync(_stopping.Token))
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>The last round trip before the commit: every piece's writes, in order; fails when a write that must affect rows affected none.</summary>
    private async Task WriteAsync(NpgsqlTransaction transaction, GroupStep[] steps)
    {
        var writes = steps.SelectMany(step => step.Writes).ToList();
        if (writes.Count == 0)
            return;
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        foreach (var (command, _) in writes)
            batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(_stopping.Token);
        if (writes.FirstOrDefault(write => write.MustAffectRows && write.Command.RecordsAffected == 0) is { Command: { } unaffected })
            throw new InvalidOperationException($"A write that must affect rows affected none: {unaffected.CommandText}");
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

    private sealed record PendingWork(GroupStart Start, Func<GroupStep, CancellationToken, Task<object?>> Work)
    {
        public TaskCompletionSource<object?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
