using Dunning.Testing;
using Stripe;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// A customer's renewal fails; Dunning opens a case, emails them in their language; they put in a new card;
/// Dunning retries once through Stripe and the case closes as recovered — in every service, as the sandbox saw it.
/// </summary>
public sealed class RecoveryJourneyTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private WholeSystem _system = null!;

    public async Task InitializeAsync() => _system = await WholeSystem.StartAsync();

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task A_failed_payment_is_recovered_after_the_customer_updates_the_card()
    {
        var stripe = _system.Stripe;
        var subscriber = await SandboxSubscriber.SignUpAsync(stripe, "pm_card_chargeCustomerFail", 1_250, "eur", ["nl"],
            email: $"e2e-{Guid.NewGuid():N}@example.com");
        var (email, invoiceId) = (subscriber.Email, subscriber.InvoiceId);

        await Eventually.HoldsAsync(async () => await CaseStatusAsync(invoiceId) == "open",
            Timeout, () => $"the scheduler opens a case for {invoiceId}\n{_system.Logs}");
        await Eventually.HoldsAsync(async () => await LedgerAsync(invoiceId, "outcome") == "open", Timeout, "the metrics ledger has the open case");
        var firstEmail = Assert.Single(await Maildev.WaitForAsync(email, 1, Timeout, () => _system.Logs));
        Assert.Contains("12,50", firstEmail.Text); // Dutch amount format, from the customer's preferred locale

        var newCard = await new PaymentMethodService(stripe).AttachAsync("pm_card_visa", new PaymentMethodAttachOptions { Customer = subscriber.CustomerId });
        await SetDefaultCardAsync(subscriber.CustomerId, newCard.Id);

        await Eventually.HoldsAsync(async () => await CaseStatusAsync(invoiceId) == "recovered", Timeout, () => $"the case is recovered\n{_system.Logs}");
        await Eventually.HoldsAsync(async () => await LedgerAsync(invoiceId, "outcome") == "recovered", Timeout, "the ledger shows the recovery");
        Assert.Equal("CardUpdated", await LedgerAsync(invoiceId, "recovery_method"));
        Assert.Equal("paid", (await new InvoiceService(stripe).GetAsync(invoiceId)).Status);
        var payCalls = await _system.Sandbox.PayCallsAsync(invoiceId);
        Assert.Single(payCalls);
        Assert.StartsWith("dunning:", payCalls[0].IdempotencyKey);
        var emails = await Maildev.WaitForAsync(email, 2, Timeout, () => _system.Logs);
        Assert.Equal(2, emails.Count); // first failure + thank-you, each once
    }

    private Task SetDefaultCardAsync(string customerId, string paymentMethodId) =>
        new CustomerService(_system.Stripe).UpdateAsync(customerId, new CustomerUpdateOptions
        {
            InvoiceSettings = new CustomerInvoiceSettingsOptions { DefaultPaymentMethod = paymentMethodId },
        });

    private async Task<string?> CaseStatusAsync(string invoiceId)
    {
        await using var command = _system.Database.DataSource.CreateCommand("SELECT status FROM scheduler.cases WHERE invoice_id = @id");
        command.Parameters.AddWithValue("id", invoiceId);
        return await SafeScalarAsync(command);
    }

    private async Task<string?> LedgerAsync(string invoiceId, string column)
    {
        await using var command = _system.Database.DataSource.CreateCommand($"SELECT {column} FROM metrics.ledger WHERE invoice_id = @id");
        command.Parameters.AddWithValue("id", invoiceId);
        return await SafeScalarAsync(command);
    }

    /// <summary>Null until the service has created its schema and the row.</summary>
    private static async Task<string?> SafeScalarAsync(Npgsql.NpgsqlCommand command)
    {
        try { return (await command.ExecuteScalarAsync())?.ToString(); }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01") { return null; }
    }
}
