using Dunning.Platform.Data;
using Dunning.Testing;
using Npgsql;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Dunning.Platform.Tests.Data;

public sealed class UnitsOfWorkTests : IAsyncLifetime
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
        await using var units = Create(writers: 1);

        var results = await Task.WhenAll(Enumerable.Range(1, 200).Select(caller =>
            units.RunAsync((unit, token) => InsertAsync(unit, caller, token), CancellationToken.None)));

        Assert.Equal(Enumerable.Range(1, 200), results.Select(r => r.Caller));
        Assert.Equal(200, await _database.CountAsync("SELECT count(*) FROM effects"));
        var transactions = results.Select(r => r.TransactionId).Distinct().Count();
        Assert.True(transactions <= 20, $"200 concurrent callers used {transactions} transactions; expected them grouped");
    }

    [Fact]
    public async Task A_failing_caller_gets_its_exception_and_the_others_in_its_group_commit_once()
    {
        await using var units = Create(writers: 1);

        var calls = Enumerable.Range(1, 50).Select(caller => units.RunAsync(async (unit, token) =>
        {
            var result = await InsertAsync(unit, caller, token);
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
    public async Task Each_caller_learns_what_its_own_early_write_did_in_the_groups_shared_first_round_trip()
    {
        await _database.ExecuteAsync("CREATE TABLE seen (key int PRIMARY KEY); INSERT INTO seen VALUES (7)");
        await using var units = Create(writers: 1);

        // keys 1..40, key 7 already seen, and key 3 twice: in one group the second insert of 3 finds the first
        var keys = Enumerable.Range(1, 40).Append(3).ToList();
        var rows = await Task.WhenAll(keys.Select(key => units.RunAsync([],
            trip => trip.Write(Statement.Of("INSERT INTO seen VALUES ($1) ON CONFLICT DO NOTHING", key)),
            (_, inserted, _) => Task.FromResult(inserted.RowsAffected), CancellationToken.None)));

        Assert.Equal(0, rows[6]);
        Assert.Equal(1, rows[2]);
        Assert.Equal(0, rows[^1]);
        Assert.Equal(39, rows.Count(r => r == 1)); // 41 callers, two of them found their key
        Assert.Equal(40, await _database.CountAsync("SELECT count(*) FROM seen"));
    }

    [Fact]
    public async Task Work_queued_before_shutdown_still_commits()
    {
        var units = Create(writers: 2);
        var calls = Enumerable.Range(1, 100).Select(caller =>
            units.RunAsync((unit, token) => InsertAsync(unit, caller, token), CancellationToken.None)).ToList();

        await units.DisposeAsync();

        await Task.WhenAll(calls);
        Assert.Equal(100, await _database.CountAsync("SELECT count(*) FROM effects"));
    }

    [Fact]
    public async Task Work_that_names_its_locks_never_deadlocks_with_a_group_that_locks_the_same_objects_in_another_order()
    {
        await using var units = Create(writers: 2);
        string[] objects = ["in_a", "in_b", "in_c", "sub_d", "cus_e"];
        var deadlocks = 0;

        // 400 callers, each locking 3 of the 5 objects in an order of its own inside its work, as the webhook's events lock
        // the invoice, subscription and customer they are about in the order they arrive
        var calls = Enumerable.Range(1, 400).Select(caller =>
        {
            var random = new Random(caller);
            var mine = objects.OrderBy(_ => random.Next()).Take(3).ToArray();
            return units.RunAsync(mine, _ => 0, async (unit, _, token) =>
            {
                try
                {
                    foreach (var name in mine)
                        await unit.ExecuteAsync(Statement.Of("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", name), token);
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected)
                {
                    Interlocked.Increment(ref deadlocks);
                    throw;
                }
                return await InsertAsync(unit, caller, token);
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
        await using var units = Create(writers: 2);

        // 120 callers, each reading a counter in its group's first round trip and writing it + 1 in the last: two of them in
        // one group would read the same value (neither sees the other's write) and one increment would be lost
        var seen = await Task.WhenAll(Enumerable.Range(0, 120).Select(caller =>
        {
            var name = caller % 3 == 0 ? "b" : "a";
            return units.RunAsync([name],
                trip => trip.Read(new Query<int>(Statement.Of("SELECT value FROM counters WHERE name = $1", name), row => row.GetInt32(0))),
                (unit, counter, _) =>
            {
                var value = counter.Rows.Single();
                unit.Write(Statement.Of("UPDATE counters SET value = $2 WHERE name = $1", name, value + 1));
                return Task.FromResult((name, value));
            }, CancellationToken.None);
        }));

        Assert.Equal(80, await _database.CountAsync("SELECT value FROM counters WHERE name = 'a'"));
        Assert.Equal(40, await _database.CountAsync("SELECT value FROM counters WHERE name = 'b'"));
        Assert.Equal(Enumerable.Range(0, 80), seen.Where(s => s.name == "a").Select(s => s.value).Order());
    }

    [Fact]
    public async Task Early_writes_and_typed_reads_share_the_first_round_trip_and_each_caller_gets_its_own_rows()
    {
        await _database.ExecuteAsync("CREATE TABLE seen (key int PRIMARY KEY); INSERT INTO seen VALUES (7)");
        await using var units = Create(writers: 1);

        // odd keys insert as their lead, even keys read (key, key squared) and whether the key was seen; 7 was seen before
        var results = await Task.WhenAll(Enumerable.Range(1, 60).Select(key => units.RunAsync([], trip => key % 2 == 1
                ? new Early(trip.Write(Statement.Of("INSERT INTO seen VALUES ($1) ON CONFLICT DO NOTHING", key)), null, null)
                : new Early(null,
                    trip.Read(new Query<(int, int)>(Statement.Of("SELECT $1::int, $1::int * $1::int", key), row => (row.GetInt32(0), row.GetInt32(1)))),
                    trip.Read(new Query<int>(Statement.Of("SELECT key FROM seen WHERE key = $1", key), row => row.GetInt32(0)))),
            (_, early, _) => Task.FromResult((Inserted: early.Insert?.RowsAffected, Square: early.Square?.Rows.Single(), Seen: early.Seen?.Rows)),
            CancellationToken.None)));

        Assert.Equal(0, results[6].Inserted);
        Assert.All(results.Where((_, i) => i % 2 == 0 && i != 6), r => Assert.Equal(1, r.Inserted));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Empty(r.Seen!));
        Assert.Equal(Enumerable.Range(1, 30).Select(k => ((int, int)?)(2 * k, 4 * k * k)), results.Where((_, i) => i % 2 == 1).Select(r => r.Square));
    }

    [Fact]
    public async Task A_unit_of_work_reads_what_it_wrote_before_and_its_writes_go_in_the_order_it_left_them()
    {
        await using var units = Create(writers: 1);

        var seen = await units.RunAsync(async (unit, token) =>
        {
            unit.Write(Statement.Of("INSERT INTO effects VALUES (1)"));
            unit.Write(Statement.Of("UPDATE effects SET caller = 2 WHERE caller = 1"));
            return await unit.ReadAsync(new Query<int>(Statement.Of("SELECT caller FROM effects"), row => row.GetInt32(0)), token);
        }, CancellationToken.None);

        Assert.Equal([2], seen);
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM effects WHERE caller = 2"));
    }

    [Fact]
    public async Task An_array_given_alone_to_a_statement_is_one_array_parameter()
    {
        await using var units = Create(writers: 1);
        string[] keys = ["a", "b", "c"];

        var count = await units.RunAsync(async (unit, token) =>
            (await unit.ReadAsync(new Query<int>(Statement.Of("SELECT cardinality($1::text[])", keys), row => row.GetInt32(0)), token)).Single(),
            CancellationToken.None);

        Assert.Equal(3, count);
    }

    [Fact]
    public async Task A_unit_of_work_wakes_its_workers_only_once_it_committed()
    {
        await using var units = Create(writers: 1);
        var signal = new TestSignal();

        await Assert.ThrowsAsync<InvalidOperationException>(() => units.RunAsync<int>((unit, _) =>
        {
            unit.WakeAfterCommit(signal);
            throw new InvalidOperationException("fails before the commit");
        }, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None));

        await units.RunAsync((unit, _) =>
        {
            unit.WakeAfterCommit(signal);
            return Task.FromResult(0);
        }, CancellationToken.None);
        Assert.True(await signal.WaitAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None));
    }

    [Fact]
    public async Task A_write_that_must_affect_rows_and_affects_none_fails_its_caller_alone()
    {
        await _database.ExecuteAsync("INSERT INTO effects VALUES (13)");
        await using var units = Create(writers: 1);

        var calls = Enumerable.Range(1, 40).Select(caller => units.RunAsync((unit, _) =>
        {
            unit.Write(Statement.Of("INSERT INTO effects VALUES ($1) ON CONFLICT DO NOTHING", caller), mustAffectRows: true);
            return Task.FromResult(caller);
        }, CancellationToken.None)).ToList();

        await Assert.ThrowsAsync<InvalidOperationException>(() => calls[12]);
        await Task.WhenAll(calls.Where((_, i) => i != 12));
        Assert.Equal(40, await _database.CountAsync("SELECT count(*) FROM effects"));
    }

    private UnitsOfWork Create(int writers) =>
        new(_database.DataSource, Options.Create(new GroupCommitOptions { Writers = writers }), NullLogger<UnitsOfWork>.Instance);

    private static async Task<(int Caller, long TransactionId)> InsertAsync(UnitOfWork unit, int caller, CancellationToken token) =>
        (caller, (await unit.ReadAsync(
            new Query<long>(Statement.Of("INSERT INTO effects VALUES ($1) RETURNING txid_current()", caller), row => row.GetInt64(0)),
            token)).Single());

    private sealed record Early(EarlyWrite? Insert, EarlyRead<(int, int)>? Square, EarlyRead<int>? Seen);

    private sealed class TestSignal : WakeUpSignal;
}
