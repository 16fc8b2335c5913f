using System.Security.Cryptography;
using System.Text;

namespace Dunning.Sandbox.Webhooks;

/// <summary>Stripe's signature scheme: <c>Stripe-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{payload}")}</c>.</summary>
public static class WebhookSigner
{
    public static string Header(string payload, string secret, long timestamp) =>
        $"t={timestamp},v1={Signature(payload, secret, timestamp)}";

    public static string Signature(string payload, string secret, long timestamp)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return Convert.ToHexStringLower(mac);
    }
}
