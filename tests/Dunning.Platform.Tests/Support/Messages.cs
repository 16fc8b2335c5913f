using Dunning.Contracts;

namespace Dunning.Platform.Tests.Support;

public static class Messages
{
    public static PaymentFailed PaymentFailed(string sourceEventId, string invoiceId = "in_test") =>
        new(sourceEventId, invoiceId, "cus_test", "sub_test", "ada@example.com", 1999, "usd", 1,
            DeclineDetails.None, null, null, DateTimeOffset.UtcNow);
}
