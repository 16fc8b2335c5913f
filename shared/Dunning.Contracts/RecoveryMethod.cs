namespace Dunning.Contracts;

/// <summary>How a dunning case was recovered.</summary>
public enum RecoveryMethod
{
    Retry,
    CardUpdated,
    CustomerPaid,
    OutOfBand,
    /// <summary>One of the customer's other cards paid after the invoice's card was declined hard (RetryPolicy:BackupCards).</summary>
    BackupCard,
}
