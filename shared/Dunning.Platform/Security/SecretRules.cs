using Npgsql;

namespace Dunning.Platform.Security;

/// <summary>
/// What a secret must be outside Development: set, at least <see cref="MinLength"/> characters, and none of the values this
/// repository ships (anyone can read them, so a signature made with one proves nothing).
/// </summary>
public static class SecretRules
{
    public const int MinLength = 16;

    /// <summary>
    /// The development defaults of every Dunning secret, as shipped in earlier versions and the Development settings, with the
    /// PostgreSQL passwords: the superuser's of earlier versions and each role's (<c>dunning-dev-webhook</c>, <c>dunning-dev-webhook-migrator</c>, …),
    /// and <c>CHANGE-ME</c>, the placeholder of every secret and password in deploy/kubernetes.
    /// </summary>
    public static IReadOnlySet<string> ShippedDefaults { get; } = new HashSet<string>(
        new[] { "whsec_sandbox_dunning", "dunning-dev-key", "dev-unsubscribe-secret-change-me", "postgres", "CHANGE-ME" }
            .Concat(new[] { "webhook", "scheduler", "notification", "metrics" }.SelectMany(s => new[] { $"dunning-dev-{s}", $"dunning-dev-{s}-migrator" })),
        StringComparer.Ordinal);

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

    /// <summary>
    /// Why the connection string in <paramref name="setting"/> is unsafe (its password is one Dunning ships), or null. A string
    /// without a password is accepted: the server may authenticate otherwise (a password file, a client certificate).
    /// </summary>
    public static string? ConnectionStringProblem(string setting, string connectionString)
    {
        var password = new NpgsqlConnectionStringBuilder(connectionString).Password;
        if (password is null || !ShippedDefaults.Contains(password))
            return null;
        return $"{setting} has a password shipped with Dunning, which anyone can read: give the role a password of your own and set "
            + $"{setting.Replace(":", "__", StringComparison.Ordinal)} with it.";
    }
}
