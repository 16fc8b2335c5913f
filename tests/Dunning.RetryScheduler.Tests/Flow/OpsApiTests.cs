using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dunning.Platform.Http;
using Dunning.RetryScheduler.Tests.Support;
using Dunning.Testing;

namespace Dunning.RetryScheduler.Tests.Flow;

public sealed class OpsApiTests(SandboxFixture sandbox) : IAsyncLifetime, IClassFixture<SandboxFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly string Actor = $"api key {new ApiKeyOptions { Key = SchedulerHost.ApiKey }.Id}";
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

        (await ActAsync(invoice, "pause", "ticket 1: customer asked for a week")).EnsureSuccessStatusCode();
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs"));
        var due = await _client.GetFromJsonAsync<JsonElement>("/api/cases/due?limit=10");
        Assert.Equal(0, due.GetArrayLength());

        (await ActAsync(invoice, "retry-now", "ticket 1: new funds in")).EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(async () => await _database.StatusAsync(invoice) == "recovered:Retry", Timeout, "the retry-now pays the invoice");
        var call = Assert.Single(await sandbox.Sandbox.PayCallsAsync(invoice));
        Assert.Equal(($"dunning:{await _database.CaseIdAsync(invoice)}:1", "succeeded"), (call.IdempotencyKey, call.Outcome));
        var body = await _client.GetFromJsonAsync<JsonElement>($"/api/cases/{invoice}");
        var kinds = body.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["attempt", "scheduled", "pause", "retrynow", "attempt", "recovered"], kinds);
        Assert.Equal([("pause", Actor, "ticket 1: customer asked for a week"), ("retry-now", Actor, "ticket 1: new funds in")],
            body.GetProperty("actions").EnumerateArray()
                .Select(a => (a.GetProperty("action").GetString(), a.GetProperty("actor").GetString(), a.GetProperty("reason").GetString())));
        Assert.Equal($"{Actor}: ticket 1: new funds in", body.GetProperty("timeline")[3].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Resume_plans_the_next_attempt_again()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(sandbox.Sandbox.Stripe, "pm_card_chargeDeclined");
        var invoice = subscriber.InvoiceId;
        await _host.PublishAsync(await Messages.FailedAsync(sandbox.Sandbox.Stripe, invoice));
        await Eventually.HoldsAsync(async () => await _database.StatusAsync(invoice) == "open:", Timeout, "the case is open");
        (await ActAsync(invoice, "pause", "checking with the customer")).EnsureSuccessStatusCode();

        (await ActAsync(invoice, "resume", "customer confirmed")).EnsureSuccessStatusCode();

        var due = await _client.GetFromJsonAsync<JsonElement>("/api/cases/due");
        Assert.Equal(invoice, Assert.Single(due.EnumerateArray()).GetProperty("invoiceId").GetString());
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs WHERE due_at > now() + interval '5 minutes'"));
        Assert.Empty(await sandbox.Sandbox.PayCallsAsync(invoice));
        Assert.Equal(2, await _database.CountAsync("SELECT count(*) FROM scheduler.case_actions WHERE action IN ('pause', 'resume')"));
    }

    [Fact]
    public async Task A_case_is_found_by_its_invoice_and_by_its_customer()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(sandbox.Sandbox.Stripe, "pm_card_chargeDeclined");
        await _host.PublishAsync(await Messages.FailedAsync(sandbox.Sandbox.Stripe, subscriber.InvoiceId));
        await Eventually.HoldsAsync(async () => await _database.StatusAsync(subscriber.InvoiceId) == "open:", Timeout, "the case is open");

        var byInvoice = await _client.GetFromJsonAsync<JsonElement>($"/api/cases?invoice={subscriber.InvoiceId}");
        var byCustomer = await _client.GetFromJsonAsync<JsonElement>($"/api/cases?customer={subscriber.CustomerId}");

        var found = Assert.Single(byInvoice.EnumerateArray());
        Assert.Equal((subscriber.CustomerId, "Open"), (found.GetProperty("customerId").GetString(), found.GetProperty("status").GetString()));
        Assert.Equal(subscriber.InvoiceId, Assert.Single(byCustomer.EnumerateArray()).GetProperty("invoiceId").GetString());
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>("/api/cases?customer=cus_nobody")).EnumerateArray());
    }

    [Fact]
    public async Task Closing_as_recovered_out_of_band_publishes_the_recovery_and_is_audited()
    {
        var invoice = await OpenCaseAsync();

        var response = await ActAsync(invoice, "close-recovered", "ticket 9: paid by bank transfer");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("recovered:OutOfBand", await _database.StatusAsync(invoice));
        Assert.Equal(1, await _database.OutboxCountAsync("PaymentRecovered"));
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs WHERE kind = 'dunning-retry'"));
        var body = await _client.GetFromJsonAsync<JsonElement>($"/api/cases/{invoice}");
        var action = Assert.Single(body.GetProperty("actions").EnumerateArray());
        Assert.Equal(("close-recovered", Actor, "ticket 9: paid by bank transfer"),
            (action.GetProperty("action").GetString(), action.GetProperty("actor").GetString(), action.GetProperty("reason").GetString()));
        var kinds = body.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["close_recovered", "recovered"], kinds[^2..]);

        var again = await ActAsync(invoice, "write-off", "changed my mind");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("is closed", await again.Content.ReadAsStringAsync());
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM scheduler.case_actions"));
    }

    [Fact]
    public async Task Writing_off_publishes_the_loss_as_written_off_and_is_audited()
    {
        var invoice = await OpenCaseAsync();

        (await ActAsync(invoice, "write-off", "ticket 10: goodwill, customer in hospital")).EnsureSuccessStatusCode();

        Assert.Equal("lost:WrittenOff", await _database.StatusAsync(invoice));
        Assert.Equal(1, await _database.OutboxCountAsync("RevenueLost"));
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs"));
        Assert.Equal(1, await _database.CountAsync(
            $"SELECT count(*) FROM scheduler.case_actions WHERE action = 'write-off' AND actor = '{Actor}' AND reason LIKE 'ticket 10:%'"));
    }

    [Theory]
    [InlineData(null, "Content-Type: application/json")]
    [InlineData("{}", "'reason' is required")]
    [InlineData("""{"reason": "   "}""", "'reason' is required")]
    [InlineData("""{"reason": 12""", "not valid JSON")]
    public async Task An_action_without_a_reason_is_refused_with_what_to_send_and_changes_nothing(string? body, string errorMentions)
    {
        var invoice = await OpenCaseAsync();

        foreach (var action in new[] { "pause", "resume", "retry-now", "close-recovered", "write-off" })
        {
            using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
            var response = await _client.PostAsync($"/api/cases/{invoice}/{action}", content);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(errorMentions, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        }
        Assert.Equal("open:", await _database.StatusAsync(invoice));
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM scheduler.case_actions"));
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs WHERE kind = 'dunning-retry'"));
    }

    [Fact]
    public async Task An_unknown_action_is_refused_with_the_actions_there_are()
    {
        var response = await ActAsync("in_any", "delete", "tidy up");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("pause, resume, retry-now, close-recovered, write-off", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/cases/due?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/cases/due?limit=many", HttpStatusCode.BadRequest)]
    [InlineData("/api/cases/in_nothing", HttpStatusCode.NotFound)]
    [InlineData("/api/cases", HttpStatusCode.BadRequest)]
    [InlineData("/api/cases?invoice=in_1&customer=cus_1", HttpStatusCode.BadRequest)]
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

    /// <summary>An open case with its first retry planned in 10 minutes; its invoice id.</summary>
    private async Task<string> OpenCaseAsync()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(sandbox.Sandbox.Stripe, "pm_card_chargeDeclined");
        await _host.PublishAsync(await Messages.FailedAsync(sandbox.Sandbox.Stripe, subscriber.InvoiceId));
        await Eventually.HoldsAsync(async () => await _database.CountAsync("SELECT count(*) FROM scheduler.due_jobs WHERE kind = 'dunning-retry'") == 1,
            Timeout, "the case is open with its retry planned");
        return subscriber.InvoiceId;
    }

    private Task<HttpResponseMessage> ActAsync(string invoiceId, string action, string reason) =>
        _client.PostAsJsonAsync($"/api/cases/{invoiceId}/{action}", new { reason });
}
