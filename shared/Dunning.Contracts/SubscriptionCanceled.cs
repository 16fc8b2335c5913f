namespace Dunning.Contracts;

/// <summary>A subscription ended.</summary>
/// <param name="Reason">
/// Stripe's <c>cancellation_details.reason</c>: <c>payment_failed</c>, <c>cancellation_requested</c>, <c>payment_disputed</c>, or null.
/// </param>
public record SubscriptionCanceled(
    string SourceEventId,
    string SubscriptionId,
    string CustomerId,
    string? Reason,
    DateTimeOffset CanceledAt,
    bool Livemode = true) : IDunningMessage
{
    public bool ForNonPayment => Reason == "payment_failed";
}
