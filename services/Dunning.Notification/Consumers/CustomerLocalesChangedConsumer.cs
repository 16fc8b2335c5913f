using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Platform.Inbox;
using Npgsql;

namespace Dunning.Notification.Consumers;

/// <summary>Remembers a customer's preferred languages, so its emails choose their language without asking Stripe.</summary>
public sealed class CustomerLocalesChangedConsumer(ConsumerServices services, CustomerLocaleStore locales)
    : IdempotentConsumer<CustomerLocalesChanged>(services)
{
    protected override Task HandleAsync(CustomerLocalesChanged message, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        locales.RecordAsync(transaction, message, cancellationToken);
}
