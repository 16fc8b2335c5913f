using System.Security.Cryptography;
using System.Text;

namespace Dunning.Notification.Domain;

/// <summary>
/// The links of earlier versions, <c>/unsubscribe?email=&amp;sig=</c> (HMAC-SHA256 over the lower-cased address): no longer
/// made, still accepted so the links in emails already sent keep working. New links carry an <see cref="UnsubscribeTokens"/> token.
/// </summary>
public sealed class UnsubscribeSignature(string secret)
{
    public string Sign(string email) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    public bool IsValid(string email, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(email)), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
}
