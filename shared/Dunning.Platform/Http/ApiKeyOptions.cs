using System.Security.Cryptography;
using System.Text;

namespace Dunning.Platform.Http;

/// <summary>The key that guards ops and report APIs (section <c>Api</c>, e.g. <c>Api__Key</c>).</summary>
public sealed class ApiKeyOptions
{
    public string Key { get; set; } = "";

    /// <summary>The key's public id for audit logs (eight hex digits of its SHA-256): says which key acted without revealing it.</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)))[..8];
}
