using Dunning.SlowSmtp;
using Dunning.Testing;

namespace Dunning.Notification.Tests.Support;

/// <summary>
/// The notification service whose SMTP server is the real one behind a <see cref="SlowSmtpProxy"/>: a test makes it answer a
/// whole message late or not at all. The service waits <see cref="DataTimeout"/> for that answer.
/// </summary>
public sealed class SlowSmtpNotificationService : NotificationService
{
    public static readonly TimeSpan DataTimeout = TimeSpan.FromSeconds(1);

    public SlowSmtpProxy SlowSmtp { get; } = new(TestEnvironment.SmtpHost, TestEnvironment.SmtpPort);

    public SlowSmtpNotificationService() => SlowSmtp.Start();

    protected override IEnumerable<KeyValuePair<string, string?>> OwnSettings() =>
        [new("Smtp:Port", SlowSmtp.Port.ToString()), new("Smtp:DataTimeout", DataTimeout.ToString())];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SlowSmtp.Dispose();
    }
}
