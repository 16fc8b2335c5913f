using System.Security.Cryptography;
using System.Text;

namespace Dunning.Notification.Domain;

/// <summary>HMAC-SHA256 over the lower-cased address, so only links we sent can unsubscribe an address.</summary>
public sealed class UnsubscribeSignature(string secret)
{
    public string Sign(string email) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    public bool IsValid(string email, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(email)), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));

    public string Link(string publicBaseUrl, string email) =>
        $"{publicBaseUrl.TrimEnd('/')}/unsubscribe?email={Uri.EscapeDataString(email)}&sig={Sign(email)}";
}
