namespace Dunning.Notification.Tests.Support;

/// <summary>
/// Test classes that run <c>SmtpSender</c>s in the test process run one at a time: the SMTP failure counter is process-wide, so
/// another class's failing sends would add to what a test counts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class InProcessSmtpSenders
{
    public const string Name = "In-process SMTP senders";
}
