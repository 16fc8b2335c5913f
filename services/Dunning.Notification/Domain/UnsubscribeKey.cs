using System.Security.Cryptography;
using System.Text;

namespace Dunning.Notification.Domain;

/// <summary>
/// The keys one unsubscribe secret yields (HKDF-SHA256, one per purpose): AES-256-GCM's key, the key that makes a token's
/// nonce, and a short public id that names the secret in each token, so a link made before a rotation finds its key.
/// </summary>
public sealed class UnsubscribeKey
{
    public UnsubscribeKey(string secret)
    {
        var material = Encoding.UTF8.GetBytes(secret);
        Id = Convert.ToHexStringLower(Derive(material, "key id", 4));
        Encryption = Derive(material, "aes-256-gcm", 32);
        Nonce = Derive(material, "nonce", 32);
    }

    /// <summary>Eight hex digits; says which secret made a token, reveals nothing usable about it.</summary>
    public string Id { get; }

    internal byte[] Encryption { get; }

    internal byte[] Nonce { get; }

    private static byte[] Derive(byte[] material, string purpose, int length) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, material, length, info: Encoding.UTF8.GetBytes($"dunning unsubscribe link: {purpose}"));
}
