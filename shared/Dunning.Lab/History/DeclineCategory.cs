namespace Dunning.Lab.History;

/// <summary>
/// The coarse class of a decline the outcome model conditions on, as the scheduler's policy table (DUNNING-RULES §1) reads it:
/// the importer maps each decline through that table's rule, the raw codes stay on the attempt.
/// </summary>
public enum DeclineCategory
{
    /// <summary>Insufficient funds (<c>insufficient_funds</c>, network code 51): recovery follows the customer's paydays.</summary>
    InsufficientFunds,

    /// <summary>Any other soft decline (generic, <c>do_not_honor</c>, <c>try_again_later</c>): retried with the normal backoff.</summary>
    Soft,

    /// <summary>A soft decline whose network advises a wait (Mastercard MAC 02, 24–30).</summary>
    AdvisedWait,

    /// <summary>Never retried on the same card (Visa Category 1, MAC 01/03/21, lost or stolen card, expired card...).</summary>
    Hard,
}
