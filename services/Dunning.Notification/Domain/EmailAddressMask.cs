namespace Dunning.Notification.Domain;

/// <summary>Email addresses in logs: <c>alice@example.com</c> → <c>a****@example.com</c>.</summary>
public static class EmailAddressMask
{
    public static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "(none)";
        var at = address.IndexOf('@');
        if (at <= 0) return "*****";
        return address[0] + new string('*', Math.Max(at - 1, 1)) + address[at..];
    }
}
