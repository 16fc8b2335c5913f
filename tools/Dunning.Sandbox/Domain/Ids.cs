using System.Security.Cryptography;

namespace Dunning.Sandbox.Domain;

/// <summary>Stripe-looking ids: a prefix, an underscore and 24 base-62 characters.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) =>
        prefix + "_" + RandomNumberGenerator.GetString(Alphabet, length);

    /// <summary>A stable id derived from a seed, e.g. a card fingerprint from the card number.</summary>
    public static string Stable(string seed, int length = 16)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));
        return string.Concat(hash.Take(length).Select(b => Alphabet[b % Alphabet.Length]));
    }
}
