namespace Dunning.Notification.BusinessWebhooks;

/// <summary>
/// Settings of the webhooks Dunning sends to the business's own application (section <c>BusinessWebhooks</c>). Off while
/// <see cref="Url"/> is empty: a business turns them on by naming its endpoint and a signing secret.
/// </summary>
public sealed class BusinessWebhookOptions
{
    public const string Section = "BusinessWebhooks";

    /// <summary>The business's endpoint (absolute http or https); empty: no webhook is recorded or sent.</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// Signing secrets (<c>BusinessWebhooks__Secrets__0</c>, <c>__1</c>, ...). Every one signs each delivery (one <c>v1=</c> each,
    /// as Stripe does while a secret rolls), so the receiver can switch to a new secret before the old one is removed.
    /// </summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>How long before a case's grace period ends <c>dunning.case.grace_ending</c> is sent.</summary>
    public TimeSpan GraceEndingBefore { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long one delivery may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after a delivery's first failure; it doubles per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery is retried before it is marked failed (Stripe retries its own for up to three days); the
    /// ops view can send it again.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>The secrets to check at start-up when webhooks are on (the list's first when none is set).</summary>
    public IEnumerable<(string Setting, string? Value)> SecretSettings() =>
        !Enabled ? []
        : Secrets.Count == 0 ? [($"{Section}:Secrets:0", null)]
        : Secrets.Select((secret, i) => ($"{Section}:Secrets:{i}", (string?)secret));

    public const string UrlRule = $"{Section}:Url must be an absolute http or https URL, or empty to send no webhooks.";

    public bool UrlIsUsable() => !Enabled || (Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");
}
