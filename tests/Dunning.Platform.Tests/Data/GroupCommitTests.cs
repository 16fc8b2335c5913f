using Dunning.Platform.Data;
using Dunning.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Dunning.Platform.Tests.Data;

public sealed class GroupCommitTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await _database.ExecuteAsync("CREATE TABLE effects (caller int PRIMARY KEY)");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Concurrent_callers_share_transactions_and_each_gets_its_own_result_after_the_commit()
    {
        await using var groupCommit = Create(writers: 1);

        var results = await Task.WhenAll(Enumerable.Range(1, 200).Select(caller =>
            groupCommit.RunAsync((transaction, token) => InsertAsync(transaction, caller, token), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 200), results.Select(r => r.Caller));
        Assert.Equal(200, await _database.CountAsync("SELECT count(*) FROM effects"));
        var transactions = results.Select(r => r.TransactionId).Distinct().Count();
        Assert.True(transactions <= 20, $"200 concurrent callers used {transactions} transactions; expected them grouped");
    }

    [Fact]
    public async Task A_failing_caller_gets_its_exception_and_the_others_in_its_group_commit_once()
    {
        await using var groupCommit = Create(writers: 1);

        var calls = Enumerable.Range(1, 50).Select(caller => groupCommit.RunAsync(async (transaction, token) =>
        {
            var result = await InsertAsync(transaction, caller, token);
            if (caller == 25)
                throw new InvalidOperationException("caller 25 fails after writing");
            return result;
        }, CancellationToken.None)).ToList();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => calls[24]);
        Assert.Equal("caller 25 fails after writing", failure.Message);
        await Task.WhenAll(calls.Where((_, i) => i != 24));
        Assert.Equal(49, await _database.CountAsync("SELECT count(*) FROM effects"));
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM effects WHERE caller = 25"));
    }

    [Fact]
    public async Task Each_caller_learns_what_its_own_lead_statement_did_in_the_groups_shared_round_trip()
    {
        await _database.ExecuteAsync("CREATE TABLE seen (key int PRIMARY KEY); INSERT INTO seen VALUES (7)");
        await using var groupCommit = Create(writers: 1);

        // keys 1..40, key 7 already seen, and key 3 twice: in one group the second insert of 3 finds the first
        var keys = Enumerable.Range(1, 40).Append(3).ToList();
        var rows = await Task.WhenAll(keys.Select(key => groupCommit.RunAsync(
            new GroupStart([], Lead: () => new NpgsqlBatchCommand("INSERT INTO seen VALUES ($1) ON CONFLICT DO NOTHING") { Parameters = { new() { Value = key } } }),
            (step, _) => Task.FromResult(step.LeadRows), CancellationToken.None)));

        Assert.Equal(0, rows[6]);
        Assert.Equal(1, rows[2]);
        Assert.Equal(0, rows[^1]);
        Assert.Equal(39, rows.Count(r => r == 1)); // 41 callers, two of them found their key
        Assert.Equal(40, await _database.CountAsync("SELECT count(*) FROM seen"));
    }

    [Fact]
    public async Task Work_queued_before_shutdown_still_commits()
    {
        var groupCommit = Create(writers: 2);
        var calls = Enumerable.Range(1, 100).Select(caller =>
            groupCommit.RunAsync((transaction, token) => InsertAsync(transaction, caller, token), CancellationToken.None)).ToList();

        await groupCommit.DisposeAsync();

        await Task.WhenAll(calls);
        Assert.Equal(100, await _database.CountAsync("SELECT count(*) FROM effects"));
    }

    [Fact]
    public async Task Work_that_names_its_locks_never_deadlocks_with_a_group_that_locks_the_same_objects_in_another_order()
    {
        await using var groupCommit = Create(writers: 2);
        string[] objects = ["in_a", "in_b", "in_c", "sub_d", "cus_e"];
        var deadlocks = 0;

        // 400 callers, each locking 3 of the 5 objects in an order of its own inside its work, as the webhook's events lock
        // the invoice, subscription and customer they are about in the order they arrive
        var calls = Enumerable.Range(1, 400).Select(caller =>
        {
            var random = new Random(caller);
            var mine = objects.OrderBy(_ => random.Next()).Take(3).ToArray();
            return groupCommit.RunAsync(new GroupStart(mine), async (step, token) =>
            {
                try
                {
                    foreach (var name in mine)
                        await LockAsync(step.Transaction, name, token);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected)
                {
                    Interlocked.Increment(ref deadlocks);
                    throw;
                }
                return await InsertAsync(step.Transaction, caller, token);
            }, CancellationToken.None);
        }).ToList();

        await Task.WhenAll(calls);
        Assert.Equal(0, deadlocks);
        Assert.Equal(400, await _database.CountAsync("SELECT count(*) FROM effects"));
    }

    [Fact]
    public async Task Work_naming_the_same_object_goes_in_consecutive_groups_so_each_reads_what_the_one_before_wrote()
    {
        await _database.ExecuteAsync("CREATE TABLE counters (name text PRIMARY KEY, value int NOT NULL); INSERT INTO counters VALUES ('a', 0), ('b', 0)");
        await using var groupCommit = Create(writers: 2);

        // 120 callers, each reading a counter in its group's first round trip and writing it + 1 in the last: two of them in
        // one group would read the same value (neither sees the other's write) and one increment would be lost
        var seen = await Task.WhenAll(Enumerable.Range(0, 120).Select(caller =>
        {
            var name = caller % 3 == 0 ? "b" : "a";
            var start = new GroupStart([name], Reads: () => [new NpgsqlBatchCommand("SELECT value FROM counters WHERE name = $1") { Parameters = { new() { Value = name } } }]);
            return groupCommit.RunAsync(start, (step, _) =>
            {
                var value = (int)step.Reads[0][0][0];
                step.Write(new NpgsqlBatchCommand("UPDATE counters SET value = $2 WHERE name = $1") { Parameters = { new() { Value = name }, new() { Value = value + 1 } } });
                return Task.FromResult((name, value));
            }, CancellationToken.None);
        }));

        Assert.Equal(80, await _database.CountAsync("SELECT value FROM counters WHERE name = 'a'"));
        Assert.Equal(40, await _database.CountAsync("SELECT value FROM counters WHERE name = 'b'"));
        Assert.Equal(Enumerable.Range(0, 80), seen.Where(s => s.name == "a").Select(s => s.value).Order());
    }

    [Fact]
    public async Task Leads_and_reads_share_the_first_round_trip_and_each_caller_gets_its_own_rows()
    {
        await _database.ExecuteAsync("CREATE TABLE seen (key int PRIMARY KEY); INSERT INTO seen VALUES (7)");
        await using var groupCommit = Create(writers: 1);

        // odd keys insert as their lead, even keys read (key, key squared) and whether the key was seen; 7 was seen before
        var results = await Task.WhenAll(Enumerable.Range(1, 60).Select(key => groupCommit.RunAsync(
            key % 2 == 1
                ? new GroupStart([], Lead: () => new NpgsqlBatchCommand("INSERT INTO seen VALUES ($1) ON CONFLICT DO NOTHING") { Parameters = { new() { Value = key } } })
                : new GroupStart([], Reads: () =>
                [
                    new NpgsqlBatchCommand("SELECT $1::int, $1::int * $1::int") { Parameters = { new() { Value = key } } },
                    new NpgsqlBatchCommand("SELECT key FROM seen WHERE key = $1") { Parameters = { new() { Value = key } } },
                ]),
            (step, _) => Task.FromResult((step.LeadRows, step.Reads)), CancellationToken.None)));

        Assert.Equal(0, results[6].LeadRows);
        Assert.All(results.Where((_, i) => i % 2 == 0 && i != 6), r => Assert.Equal(1, r.LeadRows));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Empty(r.Reads[1]));
        Assert.Equal(Enumerable.Range(1, 30).Select(k => (2 * k, 4 * k * k)),
            results.Where((_, i) => i % 2 == 1).Select(r => ((int)r.Reads[0][0][0], (int)r.Reads[0][0][1])));
    }

    [Fact]
    public async Task A_write_that_must_affect_rows_and_affects_none_fails_its_caller_alone()
    {
        await _database.ExecuteAsync("INSERT INTO effects VALUES (13)");
        await using var groupCommit = Create(writers: 1);

        var calls = Enumerable.Range(1, 40).Select(caller => groupCommit.RunAsync(GroupStart.None, (step, _) =>
        {
            step.Write(new NpgsqlBatchCommand("INSERT INTO effects VALUES ($1) ON CONFLICT DO NOTHING") { Parameters = { new() { Value = caller } } }, mustAffectRows: true);
            return Task.FromResult(caller);
        }, CancellationToken.None)).ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => calls[12]);
        await Task.WhenAll(calls.Where((_, i) => i != 12));
        Assert.Equal(40, await _database.CountAsync("SELECT count(*) FROM effects"));
    }

    private static async Task LockAsync(NpgsqlTransaction transaction, string name, CancellationToken token)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", transaction.Connection, transaction)
        {
            Parameters = { new() { Value = name } },
        };
        await command.ExecuteNonQueryAsync(token);
    }

    private GroupCommit Create(int writers) =>
        new(_database.DataSource, Options.Create(new GroupCommitOptions { Writers = writers }), NullLogger<GroupCommit>.Instance);

    private static async Task<(int Caller, long TransactionId)> InsertAsync(NpgsqlTransaction transaction, int caller, CancellationToken token)
    {
        await using var command = new NpgsqlCommand("INSERT INTO effects VALUES ($1) RETURNING txid_current()", transaction.Connection, transaction)
        {
            Parameters = { new() { Value = caller } },
        };
        return (caller, (long)(await command.ExecuteScalarAsync(token))!);
    }
}
