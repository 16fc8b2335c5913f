namespace Dunning.Notification.Tests.Support;

/// <summary>The notification service with expiring-card reminders on (a week ahead of the renewal), links to the billing portal.</summary>
public sealed class ExpiringCardNotificationService : NotificationService
{
    public static readonly TimeSpan RemindBefore = TimeSpan.FromDays(7);

    protected override IEnumerable<KeyValuePair<string, string?>> OwnSettings() => new Dictionary<string, string?>
    {
        ["ExpiringCards:Enabled"] = "true",
        ["ExpiringCards:RemindBefore"] = RemindBefore.ToString(),
    };
}
