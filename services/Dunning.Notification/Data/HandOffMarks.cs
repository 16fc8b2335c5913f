using Dunning.Platform.Data;
using Npgsql;

namespace Dunning.Notification.Data;

/// <summary>
/// The <c>hand_off_marks</c> table: which emails' whole message may have reached the SMTP server in a run that never recorded
/// its outcome (decision 003). <see cref="Mark"/> commits on its own just before the end of the data; the run's own unit of work
/// deletes the mark with the send record (<see cref="Delete"/>), and a failure with the server's verdict deletes it at once
/// (<see cref="ForgetAsync"/>). So a mark a later run finds means the run before it died after handing the message over.
/// </summary>
public sealed partial class HandOffMarks(NpgsqlDataSource dataSource, ServiceDatabase database, ILogger<HandOffMarks> logger)
{
    /// <summary>A mark must not hold the message's end back for long; past this the send fails and its job runs again.</summary>
    private const int MarkTimeoutSeconds = 10;

    private readonly string _mark = $"INSERT INTO {database.Table("hand_off_marks")} (message_id) VALUES ($1) ON CONFLICT (message_id) DO NOTHING";
    private readonly string _delete = $"DELETE FROM {database.Table("hand_off_marks")} WHERE message_id = $1";
    private readonly string _exists = $"SELECT EXISTS (SELECT 1 FROM {database.Table("hand_off_marks")} WHERE message_id = $1)";

    /// <summary>
    /// Commits the mark. Synchronous on purpose: MailKit reports the data's progress synchronously, and the end of the data must
    /// not be written until the mark is durable. Throws when it cannot be written, which stops the message before its end.
    /// </summary>
    public void Mark(string messageId)
    {
        using var command = dataSource.CreateCommand(_mark);
        command.CommandTimeout = MarkTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter { Value = messageId });
        command.ExecuteNonQuery();
    }

    /// <summary>Whether a run before this one left the email's mark (read in the job's unit of work).</summary>
    public async Task<bool> ExistsAsync(UnitOfWork unit, string messageId, CancellationToken cancellationToken) =>
        (await unit.ReadAsync(new Query<bool>(Statement.Of(_exists, messageId), row => row.GetBoolean(0)), cancellationToken))[0];

    /// <summary>Deletes the mark with the unit's commit, which records the email's outcome.</summary>
    public void Delete(UnitOfWork unit, string messageId) => unit.Write(Statement.Of(_delete, messageId));

    /// <summary>
    /// Deletes the mark of an email the server did not take (its verdict came, or the data never ended), so its next run sends
    /// it. Best effort: when PostgreSQL is away too, the mark stays and the next run records the email maybe sent.
    /// </summary>
    public async Task ForgetAsync(string messageId)
    {
        try
        {
            await using var command = dataSource.CreateCommand(_delete);
            command.CommandTimeout = MarkTimeoutSeconds;
            command.Parameters.Add(new NpgsqlParameter { Value = messageId });
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogNotForgotten(e, messageId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not delete the hand-off mark of {MessageId}, which the server did not take: its next run records it maybe sent")]
    private partial void LogNotForgotten(Exception exception, string messageId);
}
