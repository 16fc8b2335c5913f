using System.Collections.Concurrent;
using Dunning.Contracts;
using MassTransit;

namespace Dunning.Platform.Tests.Support;

/// <summary>Every <see cref="PaymentFailed"/> a test host received, with its message id, duplicates included.</summary>
public sealed class ReceivedMessages
{
    public ConcurrentQueue<(Guid MessageId, PaymentFailed Message)> All { get; } = new();

    public sealed class PaymentFailedRecorder(ReceivedMessages received) : IConsumer<PaymentFailed>
    {
        public Task Consume(ConsumeContext<PaymentFailed> context)
        {
            received.All.Enqueue((context.MessageId!.Value, context.Message));
            return Task.CompletedTask;
        }
    }
}
