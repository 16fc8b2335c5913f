using System.Collections.Concurrent;
using Dunning.Contracts;
using Dunning.Notification.Data;

namespace Dunning.Notification.Sending;

/// <summary>
/// Emails the SMTP server accepted on this process in a run whose transaction then failed to commit (PostgreSQL went away
/// between SMTP's <c>250</c> and the commit). The job runs again; finding its email here, it writes the send record instead
/// of sending a second copy. In memory only: a process that dies in that window still sends the copy (decision 003).
/// Holds only such lost commits, taken out again by the next run.
/// </summary>
public sealed class AcceptedEmails
{
    private readonly ConcurrentDictionary<string, AcceptedEmail> _byJob = new();

    public void Remember(string jobKey, AcceptedEmail email) => _byJob[jobKey] = email;

    public AcceptedEmail? Take(string jobKey) => _byJob.TryRemove(jobKey, out var email) ? email : null;
}

/// <summary>What the send record of an accepted email needs, as the run that sent it had it.</summary>
public sealed record AcceptedEmail(SentEmail Record, ReminderSent Reminder, string? LocaleToRemember);
