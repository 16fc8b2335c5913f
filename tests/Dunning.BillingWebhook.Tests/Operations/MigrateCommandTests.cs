using Dunning.Platform;
using Dunning.Platform.Data;
using Dunning.Testing;

namespace Dunning.BillingWebhook.Tests.Operations;

/// <summary>
/// <c>dotnet Dunning.BillingWebhook.dll migrate</c>, as an operator runs it before a deployment: it waits for PostgreSQL, migrates
/// the service's schema and exits, without running the service (RabbitMQ is not even reachable here).
/// </summary>
public sealed class MigrateCommandTests
{
    private const string Project = "services/Dunning.BillingWebhook";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Migrate_creates_the_schema_and_exits_0_without_running_the_service_and_a_second_run_finds_nothing_to_do()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = database.WithRolesOf("webhook", NoBroker());

        var (exitCode, output) = await ServiceProcess.RunToExitAsync(Project, [ServiceCommands.Migrate], settings, Patience);

        Assert.True(exitCode == 0, $"migrate exited with {exitCode}:\n{output}");
        string[] tables = ["outbox", "inbox", "due_jobs", "test_clocks", "stripe_events", "known_facts", "declines", "schema_versions"];
        foreach (var table in tables)
            Assert.Equal(1, await database.CountAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = 'webhook' AND tablename = '{table}'"));
        Assert.Equal(MigrationScripts(), await database.CountAsync("SELECT count(*) FROM webhook.schema_versions"));

        (exitCode, output) = await ServiceProcess.RunToExitAsync(Project, [ServiceCommands.Migrate], settings, Patience);

        Assert.True(exitCode == 0, $"the second migrate exited with {exitCode}:\n{output}");
        Assert.Equal(MigrationScripts(), await database.CountAsync("SELECT count(*) FROM webhook.schema_versions"));
    }

    [Fact]
    public async Task Migrate_against_a_database_that_does_not_answer_exits_non_zero_with_the_reason()
    {
        var unreachable = $"Host=127.0.0.1;Port={ServiceProcess.FreePort()};Username=dunning_webhook;Password=none;Database=none";
        var settings = new Dictionary<string, string>(NoBroker())
        {
            ["ConnectionStrings__Postgres"] = unreachable,
            ["ConnectionStrings__PostgresMigrations"] = unreachable,
            ["Database__StartupPatience"] = "00:00:01",
        };

        var (exitCode, output) = await ServiceProcess.RunToExitAsync(Project, [ServiceCommands.Migrate], settings, Patience);

        Assert.True(exitCode != 0, $"migrate exited with 0:\n{output}");
        Assert.Contains("migrate failed: PostgreSQL at 127.0.0.1:", output);
        Assert.Contains("did not answer within 00:00:01", output);
    }

    /// <summary>A RabbitMQ nothing listens for: the command must not need one.</summary>
    private static Dictionary<string, string> NoBroker() => new()
    {
        ["RabbitMq__Host"] = "127.0.0.1",
        ["RabbitMq__Port"] = ServiceProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The platform's scripts and the webhook service's, each journaled once.</summary>
    private static long MigrationScripts() =>
        new[] { typeof(ServiceDatabase).Assembly, typeof(Extensions.Extensions).Assembly }
            .Sum(assembly => assembly.GetManifestResourceNames().Count(name => name.EndsWith(".sql", StringComparison.Ordinal)));
}
