using System.Security.Cryptography;
using System.Text;

namespace Dunning.Notification.Domain;

/// <summary>
/// The RFC 5322 Message-ID of the email for (invoice, step): the same on every attempt, so a copy sent again
/// after a crash is recognisably the same message (mail clients and archives collapse identical Message-IDs).
/// </summary>
public static class StableMessageId
{
    public static string For(string invoiceId, string step, string fromAddress)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{invoiceId}|{step}"));
        var domain = fromAddress[(fromAddress.IndexOf('@') + 1)..];
        return $"dunning.{step}.{Convert.ToHexStringLower(hash)[..32]}@{domain}";
    }
}
