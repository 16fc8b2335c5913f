using Dunning.Contracts;
using Dunning.Notification.Data;
using Dunning.Platform.Data;
using Dunning.Platform.Inbox;

namespace Dunning.Notification.Consumers;

/// <summary>Remembers a customer's preferred languages, so its emails choose their language without asking Stripe.</summary>
public sealed class CustomerLocalesChangedConsumer(ConsumerServices services, CustomerLocaleStore locales)
    : IdempotentConsumer<CustomerLocalesChanged>(services)
{
    protected override Task HandleAsync(CustomerLocalesChanged message, UnitOfWork unit, CancellationToken cancellationToken)
    {
        locales.Record(unit, message);
        return Task.CompletedTask;
    }
}
