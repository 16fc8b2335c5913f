using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

public sealed class OpsApiTests(SandboxFixture sandbox) : IAsyncLifetime, IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private TestDatabase _database = null!;
    private TestVirtualHost _vhost = null!;
    private SchedulerHost _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _vhost = await TestVirtualHost.CreateAsync();
        _host = await SchedulerHost.StartAsync(_database, _vhost, sandbox.Sandbox,
            new Dictionary<string, string?> { ["RetryPolicy:FirstRetryAfter"] = "00:10:00", ["RetryPolicy:BackoffCap"] = "00:10:00" });
        _client = new HttpClient { BaseAddress = _host.BaseAddress };
        _client.DefaultRequestHeaders.Add("X-Api-Key", SchedulerHost.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _vhost.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Pause_stops_the_schedule_and_retry_now_pays_at_once()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(sandbox.Sandbox.Stripe, "pm_sandbox_recoverAfter1");
        var invoice = subscriber.InvoiceId;
        await _host.PublishAsync(await Messages.FailedAsync(sandbox.Sandbox.Stripe, invoice));
        await Eventually.HoldsAsync(async () => await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs") == 1, Timeout,
            "a retry is scheduled in 10 minutes");

        (await _client.PostAsync($"/api/cases/{invoice}/pause", null)).EnsureSuccessStatusCode();
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs"));
        var due = await _client.GetFromJsonAsync<JsonElement>("/api/cases/due?limit=10");
        Assert.Equal(0, due.GetArrayLength());

        (await _client.PostAsync($"/api/cases/{invoice}/retry-now", null)).EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(async () => await _database.StatusAsync(invoice) == "recovered:Retry", Timeout, "the retry-now pays the invoice");
        var call = Assert.Single(await sandbox.Sandbox.PayCallsAsync(invoice));
        Assert.Equal(($"dunning:{await _database.CaseIdAsync(invoice)}:1", "succeeded"), (call.IdempotencyKey, call.Outcome));
        var body = await _client.GetFromJsonAsync<JsonElement>($"/api/cases/{invoice}");
        var kinds = body.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["attempt", "scheduled", "pause", "retrynow", "attempt", "recovered"], kinds);
    }

    [Fact]
    public async Task Resume_plans_the_next_attempt_again()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(sandbox.Sandbox.Stripe, "pm_card_chargeDeclined");
        var invoice = subscriber.InvoiceId;
        await _host.PublishAsync(await Messages.FailedAsync(sandbox.Sandbox.Stripe, invoice));
        await Eventually.HoldsAsync(async () => await _database.StatusAsync(invoice) == "open:", Timeout, "the case is open");
        (await _client.PostAsync($"/api/cases/{invoice}/pause", null)).EnsureSuccessStatusCode();

        (await _client.PostAsync($"/api/cases/{invoice}/resume", null)).EnsureSuccessStatusCode();

        var due = await _client.GetFromJsonAsync<JsonElement>("/api/cases/due");
        Assert.Equal(invoice, Assert.Single(due.EnumerateArray()).GetProperty("invoiceId").GetString());
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs WHERE due_at > now() + interval '5 minutes'"));
        Assert.Empty(await sandbox.Sandbox.PayCallsAsync(invoice));
    }

    [Theory]
    [InlineData("/api/cases/due?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/cases/due?limit=many", HttpStatusCode.BadRequest)]
    [InlineData("/api/cases/in_nothing", HttpStatusCode.NotFound)]
    public async Task Bad_requests_get_a_reason(string path, HttpStatusCode status)
    {
        var response = await _client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()));
    }

    [Fact]
    public async Task The_api_requires_the_key()
    {
        using var anonymous = new HttpClient { BaseAddress = _host.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/cases/due")).StatusCode);
    }
}
