using MassTransit;

namespace Dunning.Metrics.Consumers;

/// <summary>
/// Gives each metrics consumer its own queue, <c>metrics-{kebab name}</c> (e.g. <c>metrics-payment-failed</c>), so the
/// metrics service never competes with another service's consumer of the same name for the same messages.
/// </summary>
public sealed class MetricsConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    public MetricsConsumerDefinition() =>
        EndpointName = "metrics-" + KebabCaseEndpointNameFormatter.Instance.Consumer<TConsumer>();
}
