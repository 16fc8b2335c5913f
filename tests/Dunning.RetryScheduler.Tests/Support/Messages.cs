using Dunning.Contracts;

namespace Dunning.RetryScheduler.Tests.Support;

public static class Messages
{
    public static PaymentFailed Failed(string invoiceId, string? declineCode = "generic_decline", string customer = "cus_test", string? fingerprint = null) =>
        new($"evt_failed_{invoiceId}_{Guid.NewGuid():N}", invoiceId, customer, $"sub_{invoiceId}", "ada@example.com", 1999, "usd", 1,
            new DeclineDetails("card_declined", declineCode, null, null, null, "visa", fingerprint ?? $"fp_{invoiceId}", "pm_old"),
            null, null, DateTimeOffset.UtcNow);

    public static PaymentSucceeded Succeeded(string invoiceId, bool outOfBand = false) =>
        new($"evt_paid_{invoiceId}", invoiceId, "cus_test", $"sub_{invoiceId}", 1999, "usd", outOfBand, null, DateTimeOffset.UtcNow);
}
