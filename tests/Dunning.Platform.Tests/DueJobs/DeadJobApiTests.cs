using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.Platform.Data;
using Dunning.Platform.DueJobs;
using Dunning.Platform.Tests.Support;
using Dunning.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dunning.Platform.Tests.DueJobs;

/// <summary>
/// A service's dead jobs as ops see them: the Prometheus gauge <c>dunning_due_jobs_dead</c>, the list, and the re-run, through a
/// real host wired as the services are (platform, due jobs, <c>/metrics</c>, <c>/api/jobs/dead</c>).
/// </summary>
public sealed class DeadJobApiTests : IAsyncLifetime
{
    private const string ApiKey = "dead-jobs-test-key";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly DoomedHandler _handler = new();
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private PlatformWebHost _host = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        _host = await PlatformWebHost.StartAsync(_database, _vhost,
            new Dictionary<string, string?> { ["DueJobs:PollInterval"] = "00:00:00.050", ["Api:Key"] = ApiKey }, _handler, new SentinelJob());
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_dead_job_shows_on_the_gauge_and_the_list_and_a_re_run_with_a_reason_runs_it_again()
    {
        await Eventually.HoldsAsync(async () => await GaugeAsync() == 0, Timeout, "the gauge reports the kind with no dead job");
        await ScheduleAsync("job:doomed");
        await Eventually.HoldsAsync(async () => await GaugeAsync() == 1, Timeout, "the gauge counts the dead job");

        var dead = Assert.Single((await GetDeadAsync()).EnumerateArray());
        Assert.Equal("job:doomed", dead.GetProperty("key").GetString());
        Assert.Equal(DoomedHandler.JobKind, dead.GetProperty("kind").GetString());
        Assert.Equal(1, dead.GetProperty("attempts").GetInt32());
        Assert.Equal(DoomedHandler.Reason, dead.GetProperty("lastError").GetString());

        _handler.Fixed = true;
        var rerun = await RerunAsync("job:doomed", new { reason = "the address was corrected" });
        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        await Eventually.HoldsAsync(async () => await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.due_jobs") == 0, Timeout,
            "the re-run job ran and completed");
        Assert.Equal(2, _handler.Runs);
        await Eventually.HoldsAsync(async () => await GaugeAsync() == 0, Timeout, "the gauge is back to 0");
        Assert.Empty((await GetDeadAsync()).EnumerateArray());
    }

    [Fact]
    public async Task Every_dead_job_of_a_kind_is_re_run_at_once_after_a_shared_cause_is_fixed()
    {
        await ScheduleAsync("job:a");
        await ScheduleAsync("job:b");
        await Eventually.HoldsAsync(async () => (await GetDeadAsync()).GetArrayLength() == 2, Timeout, "both jobs are dead");

        _handler.Fixed = true;
        const string rerunAll = $"/api/jobs/dead/rerun?kind={DoomedHandler.JobKind}";
        await AssertErrorAsync(await Authorized(HttpMethod.Post, rerunAll), HttpStatusCode.BadRequest, "reason");
        var response = await Authorized(HttpMethod.Post, rerunAll, JsonContent.Create(new { reason = "relay setting fixed" }));
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rerun").GetInt32());

        await Eventually.HoldsAsync(async () => await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.due_jobs") == 0, Timeout,
            "both re-run jobs ran and completed");
        Assert.Equal(4, _handler.Runs);
    }

    [Fact]
    public async Task The_api_needs_the_key_a_reason_and_a_dead_job()
    {
        await ScheduleAsync("job:waiting", DateTimeOffset.UtcNow.AddHours(1));

        using var anonymous = new HttpClient { BaseAddress = _host.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jobs/dead")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/jobs/dead/job:waiting/rerun", new { reason = "x" })).StatusCode);

        await AssertErrorAsync(await RerunAsync("job:waiting", null), HttpStatusCode.BadRequest, "reason");
        await AssertErrorAsync(await RerunAsync("job:waiting", new { reason = "  " }), HttpStatusCode.BadRequest, "reason");
        await AssertErrorAsync(await RerunAsync("job:waiting", new { reason = "it should run" }), HttpStatusCode.Conflict, "not dead");
        await AssertErrorAsync(await RerunAsync("job:unknown", new { reason = "typo" }), HttpStatusCode.NotFound, "No due job");
        await AssertErrorAsync(await Authorized(HttpMethod.Get, "/api/jobs/dead?limit=0"), HttpStatusCode.BadRequest, "limit");
        await SentinelJob.RunAsync(_host.Services.GetRequiredService<UnitsOfWork>(), _host.Services.GetRequiredService<DueJobStore>(), _database,
            DateTimeOffset.UtcNow);
        Assert.Equal(0, _handler.Runs); // the waiting job was not made due by any of it
        Assert.Equal(1, await _database.CountAsync($"SELECT count(*) FROM {PlatformHost.Schema}.due_jobs WHERE job_key = 'job:waiting' AND attempts = 0"));
    }

    private Task ScheduleAsync(string key, DateTimeOffset? dueAt = null)
    {
        var store = _host.Services.GetRequiredService<DueJobStore>();
        return _host.Services.GetRequiredService<UnitsOfWork>().RunAsync((unit, _) =>
        {
            store.Schedule(unit, new NewDueJob(key, DoomedHandler.JobKind, new { key }, dueAt ?? DateTimeOffset.UtcNow));
            return Task.FromResult(key);
        }, CancellationToken.None);
    }

    /// <summary>The gauge's value for this service and the handler's kind in a <c>/metrics</c> scrape; null when absent.</summary>
    private async Task<long?> GaugeAsync()
    {
        var scrape = await _host.Management.GetStringAsync("/metrics");
        var line = scrape.Split('\n').FirstOrDefault(l => l.StartsWith("dunning_due_jobs_dead{", StringComparison.Ordinal)
            && l.Contains($"kind=\"{DoomedHandler.JobKind}\"", StringComparison.Ordinal)
            && l.Contains($"service=\"{PlatformHost.Schema}\"", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<JsonElement> GetDeadAsync()
    {
        var response = await Authorized(HttpMethod.Get, "/api/jobs/dead");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<HttpResponseMessage> RerunAsync(string key, object? body) =>
        Authorized(HttpMethod.Post, $"/api/jobs/dead/{Uri.EscapeDataString(key)}/rerun", body is null ? null : JsonContent.Create(body));

    private Task<HttpResponseMessage> Authorized(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Api-Key", ApiKey);
        return _host.Client.SendAsync(request);
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string saying)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(saying, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    /// <summary>Fails for good until <see cref="Fixed"/> (someone corrected what it needs).</summary>
    private sealed class DoomedHandler : IDueJobHandler
    {
        public const string JobKind = "doomed";
        public const string Reason = "the mailbox does not exist";
        private int _runs;
        public int Runs => Volatile.Read(ref _runs);
        public bool Fixed { get; set; }
        public string Kind => JobKind;

        public Task<DueJobOutcome> HandleAsync(DueJob job, UnitOfWork unit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _runs);
            return Fixed ? Task.FromResult(DueJobOutcome.Completed) : throw new PermanentJobFailure(Reason);
        }
    }
}
