using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dunning.Testing;
using Stripe;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// Support asks "what happened to this customer's payment?": the case console (the metrics service's page) finds the case by the
/// customer's email address, shows its timeline from every service, and closes it as paid by bank transfer, which the scheduler
/// audits and publishes like any recovery, so the ledger and the customer's emails follow.
/// </summary>
public sealed class CaseConsoleJourneyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    // The audit log names the key by its public id: the first eight hex digits of its SHA-256 (ApiKeyOptions.Id).
    private static readonly string Actor = $"api key {Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(WholeSystem.ApiKey)))[..8]}";
    private WholeSystem _system = null!;
    private HttpClient _console = null!;

    public async Task InitializeAsync()
    {
        _system = await WholeSystem.StartAsync();
        _console = new HttpClient { BaseAddress = _system.Metrics.BaseAddress };
        _console.DefaultRequestHeaders.Add("X-Api-Key", WholeSystem.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _console.Dispose();
        await _system.DisposeAsync();
    }

    [Fact]
    public async Task Support_finds_the_case_by_email_reads_its_whole_timeline_and_closes_it_as_paid_out_of_band()
    {
        var (email, customerId, invoiceId) = await FailedRenewalAsync();
        await Eventually.HoldsAsync(async () => await ScalarAsync($"SELECT reminders_sent FROM metrics.ledger WHERE invoice_id = '{invoiceId}'") == "1",
            Timeout, () => $"the first email went out and the ledger counted it\n{_system.Logs}");

        var page = new Uri(_system.Metrics.BaseAddress, $"/console.html?q={Uri.EscapeDataString(email)}#key={WholeSystem.ApiKey}");
        var dom = "";
        await Eventually.HoldsAsync(async () =>
        {
            dom = await HeadlessChromium.DumpDomAsync(page);
            return dom.Contains($"Invoice {invoiceId}", StringComparison.Ordinal) && dom.Contains("first_failure in nl", StringComparison.Ordinal);
        }, Timeout, "the console finds the case by email and shows its timeline");
        Assert.Contains("attempt (Stripe)", dom);
        Assert.Contains("card_declined", dom);
        Assert.Contains("<caption>Ledger row (what finance counts)</caption>", dom);
        Assert.Contains("No operator has acted on this case.", dom);
        await OpsViewShowsEveryServiceAsync();

        Assert.Equal([customerId], (await SearchAsync(email)).GetProperty("customerIds").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(invoiceId, Assert.Single((await SearchAsync(customerId)).GetProperty("cases").EnumerateArray()).GetProperty("invoiceId").GetString());
        Assert.Single((await SearchAsync(invoiceId)).GetProperty("cases").EnumerateArray());

        var noReason = await _console.PostAsJsonAsync($"/api/console/cases/{invoiceId}/close-recovered", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("'reason' is required", await noReason.Content.ReadAsStringAsync());

        await PauseInTheBrowserAsync(invoiceId, "ticket 5: customer says they paid");
        (await _console.PostAsJsonAsync($"/api/console/cases/{invoiceId}/close-recovered", new { reason = "ticket 5: bank transfer received" }))
            .EnsureSuccessStatusCode();

        await Eventually.HoldsAsync(async () =>
                await ScalarAsync($"SELECT outcome || ':' || recovery_method FROM metrics.ledger WHERE invoice_id = '{invoiceId}'") == "recovered:OutOfBand",
            Timeout, "the ledger counts the recovery out of band");
        Assert.Equal(2, (await Maildev.WaitForAsync(email, 2, Timeout, () => _system.Logs)).Count); // first failure, then the thank-you
        var view = await _console.GetFromJsonAsync<JsonElement>($"/api/console/cases/{invoiceId}");
        Assert.Equal([("pause", Actor), ("close-recovered", Actor)],
            view.GetProperty("actions").EnumerateArray().Select(a => (a.GetProperty("action").GetString(), a.GetProperty("actor").GetString())));
        var timeline = view.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(["attempt", "scheduled", "pause", "close_recovered", "recovered"],
            timeline.Select(e => e.GetProperty("kind").GetString()).Where(k => k != "email"));
        Assert.Equal(["first_failure", "recovered"],
            timeline.Where(e => e.GetProperty("kind").GetString() == "email").Select(e => e.GetProperty("step").GetString()));
        var times = timeline.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times); // one story, in the order it happened
        Assert.Equal("recovered", view.GetProperty("ledger").GetProperty("outcome").GetString());

        await Eventually.HoldsAsync(async () =>
        {
            dom = await HeadlessChromium.DumpDomAsync(new Uri(_system.Metrics.BaseAddress, $"/console.html?q={invoiceId}#key={WholeSystem.ApiKey}"));
            return dom.Contains("ticket 5: bank transfer received", StringComparison.Ordinal) && dom.Contains("recovered in nl", StringComparison.Ordinal);
        }, Timeout, "the console shows the audit log and the thank-you email");
        Assert.Contains("no action applies any more", dom);
        await ConsoleFitsAsync(invoiceId, 1280, 1100, "console.png");
        await ConsoleFitsAsync(invoiceId, 390, 844, "console-phone.png");
    }

    /// <summary>
    /// An operator on the console page: "Pause" without a reason shows the scheduler's refusal; with one, the case pauses and the
    /// audit log on the page names the key and the reason.
    /// </summary>
    private async Task PauseInTheBrowserAsync(string invoiceId, string reason)
    {
        await using var page = await ChromiumPage.OpenAsync(new Uri(_system.Metrics.BaseAddress, $"/console.html?q={invoiceId}#key={WholeSystem.ApiKey}"),
            1280, 800, "document.querySelectorAll('#actions button:not([disabled])').length === 5");
        const string pause = "[...document.querySelectorAll('#actions button')].find(b => b.textContent === 'Pause').click()";

        await page.EvaluateAsync(pause);
        await Eventually.HoldsAsync(async () => (await page.EvaluateAsync("document.getElementById('act-status').textContent"))!.GetValue<string>()
            .Contains("'reason' is required", StringComparison.Ordinal), Timeout, "the page shows why an action without a reason was refused");
        await page.EvaluateAsync($"document.getElementById('reason').value = {System.Text.Json.JsonSerializer.Serialize(reason)}; {pause}");

        await Eventually.HoldsAsync(async () => (await page.EvaluateAsync("document.getElementById('act-status').textContent"))!.GetValue<string>()
            == "Done: pause.", Timeout, "the page paused the case");
        var audit = (await page.EvaluateAsync("document.getElementById('audit').innerText"))!.GetValue<string>();
        Assert.Contains(reason, audit);
        Assert.Contains(Actor, audit);
    }

    /// <summary>
    /// The ops view with the four services running, set up as scripts/services.sh sets them: each healthy, each service's
    /// outbox and due-job figures read from its /metrics, and the failed renewal among the last events.
    /// </summary>
    private async Task OpsViewShowsEveryServiceAsync()
    {
        await using var page = await ChromiumPage.OpenAsync(new Uri(_system.Metrics.BaseAddress, $"/ops.html#key={WholeSystem.ApiKey}"), 1280, 800,
            "document.querySelectorAll('#services .up').length === 4 && document.querySelectorAll('#backlog tbody tr').length === 4"
            + " && document.body.innerText.includes('invoice.payment_failed')");
        var backlog = (await page.EvaluateAsync("document.getElementById('backlog').innerText"))!.GetValue<string>();
        Assert.DoesNotContain("not read", backlog);
        await page.SaveScreenshotAsync("ops.png");
    }

    /// <summary>The case's page, read once its actions have been drawn, at a laptop's or a phone's width.</summary>
    private async Task ConsoleFitsAsync(string invoiceId, int width, int height, string screenshot)
    {
        await using var page = await ChromiumPage.OpenAsync(new Uri(_system.Metrics.BaseAddress, $"/console.html?q={invoiceId}#key={WholeSystem.ApiKey}"),
            width, height, "document.body.innerText.includes('no action applies any more')");
        await page.AssertFitsItsWidthAsync();
        await page.SaveScreenshotAsync(screenshot);
    }

    private async Task<JsonElement> SearchAsync(string query)
    {
        var response = await _console.PostAsJsonAsync("/api/console/search", new { query });
        response.EnsureSuccessStatusCode();
        var found = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, found.GetProperty("error").ValueKind);
        return found;
    }

    /// <summary>A Dutch-speaking customer's first invoice fails; returns once the scheduler has opened its case.</summary>
    private async Task<(string Email, string CustomerId, string InvoiceId)> FailedRenewalAsync()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(_system.Stripe, "pm_card_chargeCustomerFail", 1_250, "eur", ["nl"],
            email: $"console-{Guid.NewGuid():N}@example.com");
        var invoiceId = subscriber.InvoiceId;
        await Eventually.HoldsAsync(async () => await ScalarAsync($"SELECT status FROM scheduler.cases WHERE invoice_id = '{invoiceId}'") == "open",
            Timeout, () => $"the scheduler opens a case for {invoiceId}\n{_system.Logs}");
        return (subscriber.Email, subscriber.CustomerId, invoiceId);
    }

    /// <summary>Null until the service has created its schema and the row.</summary>
    private async Task<string?> ScalarAsync(string sql)
    {
        await using var command = _system.Database.DataSource.CreateCommand(sql);
        try { return (await command.ExecuteScalarAsync())?.ToString(); }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01") { return null; }
    }
}
