using System.Security.Cryptography;
using System.Text;

namespace Dunning.Testing;

/// <summary>Signs a webhook body the way Stripe does: <c>t={unix},v1=hex(HMAC-SHA256(secret, "{t}.{body}"))</c>.</summary>
public static class StripeSignature
{
    public static string Header(string body, string secret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(hash)}";
    }
}
