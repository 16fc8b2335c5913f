using Dunning.Platform.Data;
using Dunning.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Dunning.Platform.Tests.Data;

/// <summary>A service started before its database waits for it (bounded, logged) instead of failing its start.</summary>
public sealed class DatabaseStartupTests
{
    [Fact]
    public async Task A_database_that_answers_late_is_waited_for_with_a_log_line_per_try()
    {
        var server = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin);
        using var database = new TcpForwarder(ServiceProcess.FreePort(), server.Host!, server.Port);
        var logger = new RecordingLogger();
        var startup = new DatabaseStartup(Through(database), new DatabaseStartupOptions { StartupPatience = TimeSpan.FromMinutes(1) }, logger);

        var waiting = startup.WaitUntilReachableAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => logger.Lines.Any(line => line.Contains("does not answer yet", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "the start logs that PostgreSQL does not answer");
        Assert.False(waiting.IsCompleted);
        database.Start();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains(logger.Lines, line => line.StartsWith($"PostgreSQL at 127.0.0.1:{database.Port} answers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_database_that_never_answers_fails_the_start_after_the_patience_naming_the_server_and_the_settings()
    {
        var server = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin);
        using var database = new TcpForwarder(ServiceProcess.FreePort(), server.Host!, server.Port); // never started: connections refused
        var startup = new DatabaseStartup(Through(database), new DatabaseStartupOptions { StartupPatience = TimeSpan.FromSeconds(1) }, new RecordingLogger());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => startup.WaitUntilReachableAsync(CancellationToken.None));

        Assert.Contains($"PostgreSQL at 127.0.0.1:{database.Port} did not answer within 00:00:01", error.Message);
        Assert.Contains("ConnectionStrings__Postgres", error.Message);
        Assert.Contains("Database__StartupPatience", error.Message);
    }

    [Fact]
    public async Task A_host_stopped_while_its_start_waits_for_the_database_stops_waiting()
    {
        var server = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin);
        using var database = new TcpForwarder(ServiceProcess.FreePort(), server.Host!, server.Port); // never started: connections refused
        var logger = new RecordingLogger();
        var startup = new DatabaseStartup(Through(database), new DatabaseStartupOptions { StartupPatience = TimeSpan.FromMinutes(1) }, logger);
        using var stopping = new CancellationTokenSource();

        var waiting = startup.WaitUntilReachableAsync(stopping.Token);
        await Eventually.HoldsAsync(() => logger.Lines.Any(line => line.Contains("does not answer yet", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "the start logs that PostgreSQL does not answer");
        stopping.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    private static string Through(TcpForwarder database) =>
        new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresAdmin) { Host = "127.0.0.1", Port = database.Port }.ConnectionString;

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines { get { lock (_lines) return [.. _lines]; } }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines) _lines.Add(formatter(state, exception));
        }
    }
}
