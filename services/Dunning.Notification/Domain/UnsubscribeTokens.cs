using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Dunning.Notification.Domain;

/// <summary>
/// The token of an unsubscribe link: <c>{key id}.{base64url(nonce, AES-256-GCM(locale LF address), tag)}</c>. The address is
/// encrypted, not only signed, so it is in no URL, access log or proxy log; the GCM tag is the signature (a token changed by
/// one bit does not decrypt). The nonce is an HMAC of the plaintext, so an address gets the same token every time (the
/// header and body links agree, a resent email repeats its link) and one nonce never serves two plaintexts.
/// The first secret makes tokens; every secret reads them, so links survive a rotation while their secret stays listed.
/// </summary>
public sealed class UnsubscribeTokens
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public const string Malformed =
        "This unsubscribe link is incomplete: open the link from the email as it is (if it is split over two lines, copy all of it).";
    public const string Changed =
        "This unsubscribe link was changed after we sent it, so it does not match our signature: open the link from the email as it is.";

    private readonly IReadOnlyList<UnsubscribeKey> _keys;

    /// <param name="secrets">The secret that makes new tokens first, then the ones still accepted.</param>
    public UnsubscribeTokens(IEnumerable<string> secrets)
    {
        _keys = [.. secrets.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => new UnsubscribeKey(s))];
        if (_keys.Count == 0)
            throw new InvalidOperationException("No unsubscribe secret is set: set Notification__UnsubscribeSecrets__0 to a long random value.");
    }

    public string Issue(UnsubscribeRecipient recipient)
    {
        var key = _keys[0];
        var plaintext = Encoding.UTF8.GetBytes($"{recipient.Locale}\n{recipient.Email}");
        var token = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = token.AsSpan(0, NonceSize);
        HMACSHA256.HashData(key.Nonce, plaintext).AsSpan(0, NonceSize).CopyTo(nonce);
        using var aes = new AesGcm(key.Encryption, TagSize);
        aes.Encrypt(nonce, plaintext, token.AsSpan(NonceSize, plaintext.Length), token.AsSpan(NonceSize + plaintext.Length), Context(key.Id));
        return $"{key.Id}.{Base64Url.EncodeToString(token)}";
    }

    public UnsubscribeLinkReading Read(string token)
    {
        var dot = token.IndexOf('.');
        if (dot <= 0) return UnsubscribeLinkReading.Refused(Malformed);
        var keyId = token[..dot];
        var keys = _keys.Where(k => k.Id == keyId).ToList();
        if (keys.Count == 0)
            return UnsubscribeLinkReading.Refused(
                $"This unsubscribe link was made with a key we no longer use (key {Printable(keyId)}): use the link in a more recent email from us.");
        if (!Base64Url.IsValid(token.AsSpan(dot + 1), out var length) || length <= NonceSize + TagSize)
            return UnsubscribeLinkReading.Refused(Malformed);

        var sealedBytes = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        foreach (var key in keys) // ids are 32 bits: two listed secrets may share one, and only the right one opens the token
            if (Open(key, sealedBytes) is { } plaintext)
                return Recipient(plaintext);
        return UnsubscribeLinkReading.Refused(Changed);
    }

    private static string? Open(UnsubscribeKey key, byte[] sealedBytes)
    {
        var cipherLength = sealedBytes.Length - NonceSize - TagSize;
        var plaintext = new byte[cipherLength];
        using var aes = new AesGcm(key.Encryption, TagSize);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, cipherLength), sealedBytes.AsSpan(NonceSize + cipherLength),
                plaintext, Context(key.Id));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
        return Encoding.UTF8.GetString(plaintext);
    }

    private static UnsubscribeLinkReading Recipient(string plaintext)
    {
        var newline = plaintext.IndexOf('\n');
        return newline > 0
            ? UnsubscribeLinkReading.Valid(UnsubscribeRecipient.For(plaintext[(newline + 1)..], plaintext[..newline]))
            : UnsubscribeLinkReading.Refused(Malformed);
    }

    /// <summary>Binds a token to this use and its key id, so neither can be swapped without breaking the tag.</summary>
    private static byte[] Context(string keyId) => Encoding.ASCII.GetBytes($"dunning unsubscribe v1 {keyId}");

    private static string Printable(string keyId) => keyId.Length <= 16 && keyId.All(char.IsAsciiLetterOrDigit) ? keyId : "?";
}
