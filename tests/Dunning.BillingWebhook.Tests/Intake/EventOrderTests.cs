using Dunning.Testing;
using System.Net;
using Dunning.BillingWebhook.Tests.Support;

namespace Dunning.BillingWebhook.Tests.Intake;

public sealed class EventOrderTests(WebhookServiceFixture fixture) : IClassFixture<WebhookServiceFixture>
{
    private WebhookService Service => fixture.Service;

    [Fact]
    public async Task Payment_failed_arriving_after_paid_publishes_nothing()
    {
        await PostOkAsync(Events.Envelope("evt_paid_first", "invoice.paid", Events.Invoice("in_late_failure"), Events.T0.AddMinutes(5)));
        await PostOkAsync(Events.Envelope("evt_failed_late", "invoice.payment_failed", Events.Invoice("in_late_failure"), Events.T0));

        Assert.Equal(1, await Service.OutboxCountAsync("body->>'invoiceId' = 'in_late_failure'"));
        Assert.Equal(0, await Service.OutboxCountAsync("body->>'sourceEventId' = 'evt_failed_late'"));
    }

    [Fact]
    public async Task Paid_and_payment_succeeded_for_one_invoice_publish_one_payment_succeeded()
    {
        await PostOkAsync(Events.Envelope("evt_failed_1", "invoice.payment_failed", Events.Invoice("in_paid_twice")));
        await Eventually.HoldsAsync(async () => await Service.OutboxCountAsync("body->>'invoiceId' = 'in_paid_twice'") == 1,
            TimeSpan.FromSeconds(10), "the failure is published after its decline look-up");
        await PostOkAsync(Events.Envelope("evt_paid_1", "invoice.paid", Events.Invoice("in_paid_twice"), Events.T0.AddDays(1)));
        await PostOkAsync(Events.Envelope("evt_succeeded_1", "invoice.payment_succeeded", Events.Invoice("in_paid_twice"), Events.T0.AddDays(1)));

        Assert.Equal(1, await Service.OutboxCountAsync("body->>'invoiceId' = 'in_paid_twice' AND message_type LIKE '%PaymentSucceeded'"));
        Assert.Equal(1, await Service.OutboxCountAsync("body->>'invoiceId' = 'in_paid_twice' AND message_type LIKE '%PaymentFailed'"));
    }

    [Fact]
    public async Task Same_events_in_either_order_reach_the_same_state()
    {
        var failed = (string invoice, string id) => Events.Envelope(id, "invoice.payment_failed", Events.Invoice(invoice), Events.T0);
        var voided = (string invoice, string id) => Events.Envelope(id, "invoice.voided", Events.Invoice(invoice), Events.T0.AddDays(2));

        await PostOkAsync(failed("in_order_a", "evt_a_failed"));
        await PostOkAsync(voided("in_order_a", "evt_a_voided"));
        await PostOkAsync(voided("in_order_b", "evt_b_voided"));
        await PostOkAsync(failed("in_order_b", "evt_b_failed"));
        await PostOkAsync(voided("in_order_b", "evt_b_voided"));

        Assert.Equal(1, await Service.OutboxCountAsync("body->>'invoiceId' = 'in_order_b' AND message_type LIKE '%InvoiceVoided'"));
        Assert.Equal(0, await Service.OutboxCountAsync("body->>'invoiceId' = 'in_order_b' AND message_type LIKE '%PaymentFailed'"));
        Assert.Equal(1, await Service.OutboxCountAsync("body->>'invoiceId' = 'in_order_a' AND message_type LIKE '%InvoiceVoided'"));
    }

    private async Task PostOkAsync(System.Text.Json.Nodes.JsonObject envelope) =>
        Assert.Equal(HttpStatusCode.OK, (await Service.Client.PostAsync(envelope)).StatusCode);
}
