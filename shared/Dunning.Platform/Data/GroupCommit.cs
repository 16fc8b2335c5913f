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
/// Work that locks objects names them (<c>locks</c>): a group takes the locks of all its work first, in one order, so two
/// groups never wait for each other in a cycle (a deadlock stalls both writers for PostgreSQL's <c>deadlock_timeout</c>).
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
        RunAsync(null, [], (transaction, _, token) => work(transaction, token), cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}(Func{NpgsqlTransaction, CancellationToken, Task{T}}, CancellationToken)"/>, after the statement
    /// <paramref name="lead"/> makes (run in one round trip with the group's other lead statements); <paramref name="work"/> gets
    /// the rows it affected. <paramref name="lead"/> is called again for each run, as the group may be re-run one by one.
    /// </summary>
    public Task<T> RunAsync<T>(Func<NpgsqlBatchCommand>? lead, Func<NpgsqlTransaction, int, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken) =>
        RunAsync(lead, [], work, cancellationToken);

    /// <summary>
    /// As <see cref="RunAsync{T}(Func{NpgsqlBatchCommand}, Func{NpgsqlTransaction, int, CancellationToken, Task{T}}, CancellationToken)"/>,
    /// holding the advisory locks <c>pg_advisory_xact_lock(hashtextextended(name, 0))</c> of <paramref name="locks"/> (Stripe
    /// object ids, say) before the leads and the work run: taken with the rest of the group's in one order, so concurrent groups
    /// cannot deadlock on them.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlBatchCommand>? lead, IReadOnlyCollection<string> locks,
        Func<NpgsqlTransaction, int, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWork(lead, async (transaction, leadRows, token) => await work(transaction, leadRows, token)) { Locks = locks };
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return (T)(await pending.Outcome.Task.WaitAsync(cancellationToken))!;
    }

    private async Task WriteAsync()
    {
        var group = new List<PendingWork>(_options.MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stopping.Token))
            {
                group.Clear();
                while (group.Count < _options.MaxBatch && _queue.Reader.TryRead(out var pending))
                    group.Add(pending);
                if (group.Count == 0)
                    continue; // another writer woke for the same work and took it
                if (group.Count == 1 || !await TryRunTogetherAsync(group))
                    foreach (var pending in group)
                        await RunAloneAsync(pending);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryRunTogetherAsync(List<PendingWork> group)
    {
        var results = new object?[group.Count];
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(_stopping.Token);
            await using var transaction = await connection.BeginTransactionAsync(_stopping.Token);
            var leadRows = await RunLeadsAsync(transaction, group);
            for (var i = 0; i < group.Count; i++)
                results[i] = await group[i].Work(transaction, leadRows[i], _stopping.Token);
            await transaction.CommitAsync(_stopping.Token);
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
            await using var connection = await _dataSource.OpenConnectionAsync(_stopping.Token);
            await using var transaction = await connection.BeginTransactionAsync(_stopping.Token);
            var leadRows = await RunLeadsAsync(transaction, [pending]);
            var result = await pending.Work(transaction, leadRows[0], _stopping.Token);
            await transaction.CommitAsync(_stopping.Token);
            pending.Outcome.TrySetResult(result);
        }
        catch (Exception exception)
        {
            pending.Outcome.TrySetException(exception);
        }
    }

    /// <summary>
    /// One round trip: the group's locks (all at once, in key order), then every lead statement of <paramref name="group"/>;
    /// returns the rows each lead affected (0 without one).
    /// </summary>
    private async Task<int[]> RunLeadsAsync(NpgsqlTransaction transaction, List<PendingWork> group)
    {
        var rows = new int[group.Count];
        var locks = group.SelectMany(pending => pending.Locks).ToArray();
        var leads = group.Select(pending => pending.Lead?.Invoke()).ToList();
        if (locks.Length == 0 && leads.All(lead => lead is null))
            return rows;
        await using var batch = new NpgsqlBatch(transaction.Connection, transaction);
        if (locks.Length > 0)
            batch.BatchCommands.Add(new NpgsqlBatchCommand(LockInOrder) { Parameters = { new() { Value = locks } } });
        foreach (var lead in leads.OfType<NpgsqlBatchCommand>())
            batch.BatchCommands.Add(lead);
        await batch.ExecuteNonQueryAsync(_stopping.Token);
        for (var i = 0; i < group.Count; i++)
            rows[i] = leads[i]?.RecordsAffected ?? 0;
        return rows;
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

    private sealed record PendingWork(Func<NpgsqlBatchCommand>? Lead, Func<NpgsqlTransaction, int, CancellationToken, Task<object?>> Work)
    {
        public TaskCompletionSource<object?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyCollection<string> Locks { get; init; } = [];
    }
}
