using System.Collections.Concurrent;
using Dunning.Contracts;
using Dunning.Notification.Data;

namespace Dunning.Notification.Sending;

/// <summary>
/// Emails the SMTP server accepted on this process in a run whose transaction then failed to commit (PostgreSQL went away
/// between SMTP's <c>250</c> and the commit). The job runs again; finding its email here, it writes the send record instead
/// of sending a second copy. In memory only: a process that dies in that window leaves the email's hand-off mark, and the next run,
/// on any instance, records it maybe sent (<see cref="SmtpHandOff"/>).
/// Holds only such lost commits, taken out again by the next run.
/// </summary>
public sealed class AcceptedEmails
{
    private readonly ConcurrentDictionary<string, object> _byJob = new();

    /// <summary>Remembers what the job's next run records instead of sending (<see cref="AcceptedEmail"/>, a <see cref="CardReminder"/>).</summary>
    public void Remember(string jobKey, object record) => _byJob[jobKey] = record;

    public T? Take<T>(string jobKey) where T : class => _byJob.TryRemove(jobKey, out var record) ? record as T : null;
}

/// <summary>What the send record of an accepted email needs, as the run that sent it had it.</summary>
public sealed record AcceptedEmail(SentEmail Record, ReminderSent Reminder, string? LocaleToRemember);
