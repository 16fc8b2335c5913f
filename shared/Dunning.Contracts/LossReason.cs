namespace Dunning.Contracts;

/// <summary>Why a dunning case was closed as lost.</summary>
public enum LossReason
{
    RetriesExhausted,
    HardDecline,
    SubscriptionCanceled,
    InvoiceVoided,
    MarkedUncollectible,
}
