using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Configuration;

namespace Dunning.RetryScheduler.Experiments;

/// <summary>
/// An experiment arm's retry policy: settings of <see cref="RetryPolicyOptions"/> that differ from the configured policy, by name,
/// with their values written as in appsettings (<c>RetryPolicy:*</c>), so an arm reads like the configuration it changes. Only
/// what decides one case's schedule may change: the network rules and fees count across every case on a card, and the pay-call
/// pacing and outage deferral belong to the process, so an arm never touches them.
/// </summary>
[JsonConverter(typeof(PolicyOverridesJson))]
public sealed class PolicyOverrides
{
    /// <summary>The settings an arm may change; <c>RetryOwner: Stripe</c> is the "Stripe's own retries only" arm.</summary>
    public static readonly IReadOnlyList<string> Settings =
    [
        nameof(RetryPolicyOptions.MaxAttempts), nameof(RetryPolicyOptions.Window), nameof(RetryPolicyOptions.FirstRetryAfter),
        nameof(RetryPolicyOptions.BackoffFactor), nameof(RetryPolicyOptions.BackoffCap), nameof(RetryPolicyOptions.Jitter),
        nameof(RetryPolicyOptions.MinSpacing), nameof(RetryPolicyOptions.QuietHoursStart), nameof(RetryPolicyOptions.QuietHoursEnd),
        nameof(RetryPolicyOptions.PreferStartOfDay), nameof(RetryPolicyOptions.FinalAction), nameof(RetryPolicyOptions.BackupCards),
        nameof(RetryPolicyOptions.BackupCardAfterSoftFailures), nameof(RetryPolicyOptions.MakeNewCardSubscriptionDefault),
        nameof(RetryPolicyOptions.RetryOwner), nameof(RetryPolicyOptions.Timing),
    ];

    private PolicyOverrides(IReadOnlyDictionary<string, string> values) => Values = values;

    public static PolicyOverrides None { get; } = new(new Dictionary<string, string>());

    /// <summary>Setting name → value as configuration text (e.g. <c>"Window": "7.00:00:00"</c>, <c>"RetryOwner": "Stripe"</c>).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The configured policy with these settings changed (the configured one itself when there are none).</summary>
    public RetryPolicyOptions ApplyTo(RetryPolicyOptions configured)
    {
        if (Values.Count == 0)
            return configured;
        var policy = configured.Copy();
        new ConfigurationBuilder().AddInMemoryCollection(Values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build()
            .Bind(policy, binder => binder.ErrorOnUnknownConfiguration = true);
        return policy;
    }

    /// <summary>Overrides as stored (already checked when the experiment started).</summary>
    public static PolicyOverrides Stored(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? throw new InvalidOperationException("Stored overrides are a JSON object"));

    public string ToJson() => JsonSerializer.Serialize(Values);

    /// <summary>
    /// Reads an arm's <c>policy</c> object: each key a setting of <see cref="Settings"/> (any case, underscores ignored:
    /// <c>retry_owner</c> is <c>RetryOwner</c>), each value one that setting takes; the result, applied to
    /// <paramref name="configured"/>, must pass the checks the configured policy passes at start-up. Null and a reason otherwise.
    /// </summary>
    public static (PolicyOverrides? Overrides, string? Problem) Read(IReadOnlyDictionary<string, JsonElement>? policy, RetryPolicyOptions configured)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, json) in policy ?? new Dictionary<string, JsonElement>())
        {
            var setting = Settings.FirstOrDefault(s => string.Equals(s, key.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
            if (setting is null)
                return (null, $"'{key}' is not a retry policy setting an arm may change; it may change {string.Join(", ", Settings)}.");
            if (values.ContainsKey(setting))
                return (null, $"'{setting}' is given twice.");
            var (value, problem) = Value(setting, json);
            if (value is null)
                return (null, problem);
            values[setting] = value;
        }
        var overrides = new PolicyOverrides(values);
        var applied = overrides.ApplyTo(configured);
        if (applied.Timing == RetryTiming.Learned && configured.LearnedModel is not { Length: > 0 })
            return (null, "'Timing': 'Learned' needs a learned model, and this scheduler has none: set RetryPolicy:LearnedModel to the model file "
                + "that scripts/lab.sh backtest --save-model writes, restart it, then start the experiment.");
        return RetryPolicyChecks.Problem(applied) is { } broken
            ? (null, $"with these settings the policy breaks a rule: {broken}.")
            : (overrides, null);
    }

    /// <summary>The value as configuration text when the setting's type takes it (an enum by its name only), else why not.</summary>
    private static (string? Value, string? Problem) Value(string setting, JsonElement json)
    {
        var text = json.ValueKind switch
        {
            JsonValueKind.String => json.GetString(),
            JsonValueKind.Number => json.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        var type = typeof(RetryPolicyOptions).GetProperty(setting, BindingFlags.Public | BindingFlags.Instance)!.PropertyType;
        var fits = text is not null && (type.IsEnum
            ? !int.TryParse(text, out _) && Enum.TryParse(type, text, ignoreCase: true, out _)
            : Binds(setting, text));
        return fits ? (type.IsEnum ? Enum.Parse(type, text!, ignoreCase: true).ToString() : text, null) : (null, $"'{setting}' must be {Expected(type)}.");
    }

    private static bool Binds(string setting, string text)
    {
        try
        {
            new PolicyOverrides(new Dictionary<string, string> { [setting] = text }).ApplyTo(new RetryPolicyOptions());
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Expected(Type type) => type switch
    {
        _ when type.IsEnum => $"one of {string.Join(", ", Enum.GetNames(type))}",
        _ when type == typeof(int) => "a whole number",
        _ when type == typeof(double) => $"a number such as {1.5.ToString(CultureInfo.InvariantCulture)}",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(TimeSpan) => "a duration as in appsettings, days.hours:minutes:seconds (\"3.00:00:00\" is 3 days)",
        _ => type.Name,
    };
}
