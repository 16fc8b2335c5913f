using System.Net;
using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// An analyst starts an experiment from the experiments page (its API, through the metrics service to the scheduler), a renewal
/// then fails, and the page lists the experiment with the case in its arm, still open: the per-arm report counts closed cases
/// only, and this is where the open ones show.
/// </summary>
public sealed class ExperimentJourneyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private WholeSystem _system = null!;

    public async Task InitializeAsync() => _system = await WholeSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task The_experiments_page_lists_each_arms_cases_and_how_many_are_still_open()
    {
        using var console = new HttpClient { BaseAddress = _system.Metrics.BaseAddress };
        console.DefaultRequestHeaders.Add("X-Api-Key", WholeSystem.ApiKey);
        var started = await console.PostAsync("/api/console/experiments", new StringContent("""
            {"name": "first retry after a day", "arms": [{"name": "current", "weight": 1, "control": true},
             {"name": "patient", "weight": 1, "policy": {"FirstRetryAfter": "1.00:00:00"}}]}
            """, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());

        var subscriber = await SandboxSubscriber.SignUpAsync(_system.Stripe, "pm_card_chargeCustomerFail", 1_900, "usd", ["en"],
            email: $"experiment-{Guid.NewGuid():N}@example.com");
        string? arm = null;
        await Eventually.HoldsAsync(async () => (arm = await ArmOfOpenCaseAsync(subscriber.InvoiceId)) is not null, Timeout,
            () => $"the scheduler opens the case in an arm\n{_system.Logs}");

        await using var page = await ChromiumPage.OpenAsync(new Uri(_system.Metrics.BaseAddress, $"/experiments.html#key={WholeSystem.ApiKey}"),
            1280, 800, "document.querySelectorAll('#list tbody tr').length === 1");
        var arms = (await page.EvaluateAsync("document.querySelector('#list tbody tr').cells[2].textContent"))!.GetValue<string>();
        var other = arm == "current" ? "patient ×1: 0 cases, 0 open" : "current (control) ×1: 0 cases, 0 open";
        var own = arm == "current" ? "current (control) ×1: 1 case, 1 open" : "patient ×1: 1 case, 1 open";
        Assert.Equal(arm == "current" ? $"{own}; {other}" : $"{other}; {own}", arms);
    }

    private async Task<string?> ArmOfOpenCaseAsync(string invoiceId)
    {
        await using var command = _system.Database.DataSource.CreateCommand(
            $"SELECT arm FROM scheduler.cases WHERE invoice_id = '{invoiceId}' AND status = 'open'");
        try { return (await command.ExecuteScalarAsync()) as string; }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01") { return null; }
    }
}
