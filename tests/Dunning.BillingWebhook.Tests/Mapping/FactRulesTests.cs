using Dunning.BillingWebhook.Domain.Mapping;
using Dunning.BillingWebhook.Tests.Support;

namespace Dunning.BillingWebhook.Tests.Mapping;

public sealed class FactRulesTests
{
    private static readonly Outgoing Failure =
        InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_1", "invoice.payment_failed", Events.Invoice()))).Messages[0];
    private static readonly Outgoing Paid = InvoiceEventMapper.Map(Events.Parse(Events.Envelope("evt_2", "invoice.paid", Events.Invoice()))).Messages[0];

    [Fact]
    public void Failure_of_a_paid_invoice_is_not_published() =>
        Assert.False(FactRules.MayPublish(Failure, new HashSet<string> { Facts.InvoicePaid }));

    [Fact]
    public void Second_failure_of_an_unpaid_invoice_is_published() =>
        Assert.True(FactRules.MayPublish(Failure, new HashSet<string> { Facts.InvoiceFailed }));

    [Fact]
    public void Second_payment_of_the_same_invoice_is_not_published() =>
        Assert.False(FactRules.MayPublish(Paid, new HashSet<string> { Facts.InvoicePaid }));

    [Fact]
    public void Payment_after_a_failure_is_published() =>
        Assert.True(FactRules.MayPublish(Paid, new HashSet<string> { Facts.InvoiceFailed }));
}
