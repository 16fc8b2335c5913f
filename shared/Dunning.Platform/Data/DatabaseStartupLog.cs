using Microsoft.Extensions.Logging;

namespace Dunning.Platform.Data;

internal static partial class DatabaseStartupLog
{
    [LoggerMessage(Level = LogLevel.Warning,
        Message = "PostgreSQL at {Server} does not answer yet ({Error}); try {Attempt} failed, trying again in {Delay} before migrating")]
    public static partial void NotReachable(ILogger logger, string server, string error, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL at {Server} answers (try {Attempt}); migrating")]
    public static partial void Reachable(ILogger logger, string server, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema {Schema} is migrated")]
    public static partial void Migrated(ILogger logger, string schema);
}
