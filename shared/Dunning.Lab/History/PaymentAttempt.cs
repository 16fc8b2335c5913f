using Dunning.Contracts;

namespace Dunning.Lab.History;

/// <summary>One charge of a failed invoice: the first failure (number 1) or a later retry.</summary>
/// <param name="Number">1 for the failure that opened the case, 2 for the first retry, and so on.</param>
/// <param name="Category">For a declined attempt: the decline's class; null when the attempt succeeded.</param>
/// <param name="Decline">For a declined attempt: the codes as Stripe and the network gave them (decline, advice, network codes).</param>
/// <param name="CustomerInitiated">Visa counts merchant- and customer-initiated attempts apart (issue 19).</param>
public sealed record PaymentAttempt(
    int Number,
    DateTimeOffset At,
    bool Succeeded,
    DeclineCategory? Category = null,
    DeclineDetails? Decline = null,
    bool CustomerInitiated = false)
{
    public DeclineCategory? Category { get; } = Succeeded == (Category is null)
        ? Category
        : throw new ArgumentException("A declined attempt has a category, a successful one none", nameof(Category));

    public static PaymentAttempt Paid(int number, DateTimeOffset at) => new(number, at, true);

    public static PaymentAttempt Declined(int number, DateTimeOffset at, DeclineCategory category, DeclineDetails? decline = null) =>
        new(number, at, false, category, decline);
}
