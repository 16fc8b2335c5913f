namespace Dunning.Contracts;

/// <summary>How a dunning case was recovered.</summary>
public enum RecoveryMethod
{
    Retry,
    CardUpdated,
    CustomerPaid,
    OutOfBand,
}
