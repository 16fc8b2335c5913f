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
/// </summary>
public sealed class GroupCommit : IAsyncDisposable
{
    private readonly Channel<PendingWork> _queue = Channel.CreateUnbounded<PendingWork>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommitOptions _options;
    private readonly ILogger<GroupCommit> _logger;
    private readonly Task[] _writers;

    public GroupCommit(NpgsqlDataSource dataSource, IOptions<GroupCommitOptions> options, ILogger<GroupCommit> logger)
    {
        _dataSource = dataSource;
        _options = options.Value;
        _logger = logger;
        _writers = Enumerable.Range(0, Math.Max(1, _options.Writers)).Select(_ => Task.Run(WriteAsync)).ToArray();
    }

    /// <summary>Runs <paramref name="work"/> in a transaction shared with other callers' work and returns its result once committed.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWork(async (transaction, token) => await work(transaction, token));
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
            for (var i = 0; i < group.Count; i++)
                results[i] = await group[i].Work(transaction, _stopping.Token);
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
            var result = await pending.Work(transaction, _stopping.Token);
            await transaction.CommitAsync(_stopping.Token);
            pending.Outcome.TrySetResult(result);
        }
        catch (Exception exception)
        {
            pending.Outcome.TrySetException(exception);
        }
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

    private sealed record PendingWork(Func<NpgsqlTransaction, CancellationToken, Task<object?>> Work)
    {
        public TaskCompletionSource<object?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
