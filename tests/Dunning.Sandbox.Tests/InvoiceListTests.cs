using Stripe;

namespace Dunning.Sandbox.Tests;

/// <summary>
/// List all invoices (docs.stripe.com/api/invoices/list): "Only return invoices that were created during the given date interval"
/// (<c>created</c>: an exact timestamp or <c>gt</c>/<c>gte</c>/<c>lt</c>/<c>lte</c>), most recently created first. The policy lab's import
/// reads the failures older than Stripe's 30 days of events this way.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class InvoiceListTests(SandboxFixture sandbox)
{
    private readonly Billing _billing = new(sandbox.Stripe);

    [Fact]
    public async Task The_created_filter_returns_the_invoices_created_in_the_interval()
    {
        // Test clocks in 2001, a year no other test bills in.
        var early = new DateTime(2001, 3, 4, 10, 0, 0, DateTimeKind.Utc);
        var late = early.AddDays(2);
        var first = await InvoiceAtAsync(early);
        var second = await InvoiceAtAsync(late);

        Assert.Equal([first], await ListAsync(new DateRangeOptions { GreaterThanOrEqual = early, LessThan = late }));
        Assert.Equal([second], await ListAsync(new DateRangeOptions { GreaterThan = early, LessThanOrEqual = late }));
        Assert.Equal([second, first], await ListAsync(new DateRangeOptions { GreaterThanOrEqual = early, LessThanOrEqual = late }));
        Assert.Equal([second], await ListAsync(late));
    }

    private async Task<string> InvoiceAtAsync(DateTime at)
    {
        var clock = await _billing.ClockAsync(at);
        var customer = await _billing.CustomerWithCardAsync("pm_card_visa", clock.Id);
        return (await _billing.SubscribeAsync(customer.Id)).LatestInvoiceId;
    }

    private async Task<List<string>> ListAsync(AnyOf<DateTime?, DateRangeOptions> created) =>
        (await new InvoiceService(sandbox.Stripe).ListAsync(new InvoiceListOptions { Created = created, Limit = 100 })).Data.Select(i => i.Id).ToList();
}
