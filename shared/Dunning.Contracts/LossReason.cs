namespace Dunning.Contracts;

/// <summary>Why a dunning case was closed as lost.</summary>
public enum LossReason
{
    RetriesExhausted,
    HardDecline,
    SubscriptionCanceled,
    InvoiceVoided,
    MarkedUncollectible,

    /// <summary>An operator gave the payment up (the case console); nothing was done in Stripe.</summary>
    WrittenOff,
}
