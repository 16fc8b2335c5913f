using Dunning.Testing;
using Stripe;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// A card that keeps declining: Dunning retries on its schedule (here in seconds instead of days), never more
/// often than the policy allows, then closes the case as lost, cancels the subscription as configured, and says goodbye.
/// </summary>
public sealed class LossJourneyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private WholeSystem _system = null!;

    public async Task InitializeAsync() => _system = await WholeSystem.StartAsync(new Dictionary<string, string>
    {
        ["RetryPolicy__MaxAttempts"] = "2",
        ["RetryPolicy__FirstRetryAfter"] = "00:00:01",
        ["RetryPolicy__BackoffCap"] = "00:00:02",
        ["RetryPolicy__MinSpacing"] = "00:00:01",
        ["RetryPolicy__FinalAction"] = "CancelSubscription",
    });

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_card_that_keeps_declining_is_retried_to_the_cap_then_lost_and_the_subscription_cancelled()
    {
        var subscriber = await SandboxSubscriber.SignUpAsync(_system.Stripe, "pm_card_chargeCustomerFail", 4_900, "usd",
            email: $"e2e-{Guid.NewGuid():N}@example.com");
        var (email, invoiceId, stripe) = (subscriber.Email, subscriber.InvoiceId, _system.Stripe);

        await Eventually.HoldsAsync(async () => await ScalarAsync("SELECT status FROM scheduler.cases WHERE invoice_id = @id", invoiceId) == "lost",
            Timeout, () => $"the case is lost after its retries\n{_system.Logs}");
        await Eventually.HoldsAsync(async () => await ScalarAsync("SELECT outcome FROM metrics.ledger WHERE invoice_id = @id", invoiceId) == "lost",
            Timeout, "the ledger shows the loss");
        Assert.Equal("RetriesExhausted", await ScalarAsync("SELECT loss_reason FROM metrics.ledger WHERE invoice_id = @id", invoiceId));
        await Eventually.HoldsAsync(async () => (await new SubscriptionService(stripe).GetAsync(subscriber.SubscriptionId)).Status == "canceled",
            Timeout, "the final action cancels the subscription in Stripe");

        var payCalls = await _system.Sandbox.PayCallsAsync(invoiceId);
        Assert.True(payCalls.Count == 2, "exactly the policy's cap of pay calls, got: " + string.Join("; ", payCalls)); // exactly the policy's cap
        Assert.Equal(2, payCalls.Select(c => c.IdempotencyKey).Distinct().Count());
        var emails = await Maildev.WaitForAsync(email, 2, Timeout, () => _system.Logs);
        Assert.Equal(emails.Count, emails.Select(e => e.Subject).Distinct().Count()); // each step once
    }

    private async Task<string?> ScalarAsync(string sql, string invoiceId)
    {
        await using var command = _system.Database.DataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", invoiceId);
        try { return (await command.ExecuteScalarAsync())?.ToString(); }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01") { return null; }
    }
}
