namespace Dunning.Platform.Security;

/// <summary>
/// What a secret must be outside Development: set, at least <see cref="MinLength"/> characters, and none of the values this
/// repository ships (anyone can read them, so a signature made with one proves nothing).
/// </summary>
public static class SecretRules
{
    public const int MinLength = 16;

    /// <summary>The development defaults of every Dunning secret, as shipped in earlier versions and the Development settings.</summary>
    public static IReadOnlySet<string> ShippedDefaults { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "whsec_sandbox_dunning", "dunning-dev-key", "dev-unsubscribe-secret-change-me",
    };

    /// <summary>Why <paramref name="value"/> is not a usable secret for <paramref name="setting"/> (with the variable to set), or null.</summary>
    public static string? Problem(string setting, string? value)
    {
        var variable = setting.Replace(":", "__", StringComparison.Ordinal);
        if (string.IsNullOrWhiteSpace(value))
            return $"{setting} is not set: set {variable} to a secret of your own (at least {MinLength} characters).";
        if (ShippedDefaults.Contains(value))
            return $"{setting} is a default shipped with Dunning, which anyone can read: set {variable} to a secret of your own.";
        if (value.Length < MinLength)
            return $"{setting} is {value.Length} characters: set {variable} to a secret of at least {MinLength}.";
        return null;
    }
}
