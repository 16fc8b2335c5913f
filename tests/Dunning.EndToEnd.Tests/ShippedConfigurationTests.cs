using System.Text.Json;
using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>What each service ships in its <c>appsettings.json</c>, the configuration a user starts with.</summary>
public sealed class ShippedConfigurationTests
{
    private static readonly string[] ServiceNames = ["Dunning.BillingWebhook", "Dunning.RetryScheduler", "Dunning.Notification", "Dunning.Metrics"];

    public static TheoryData<string> Services => new(ServiceNames);

    [Theory]
    [MemberData(nameof(Services))]
    public void Sql_statements_are_not_logged_by_default(string service)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "services", service, "appsettings.json")));

        var level = settings.RootElement.GetProperty("Logging").GetProperty("LogLevel").GetProperty("Npgsql.Command").GetString();

        Assert.Contains(level, new[] { "Warning", "Error", "Critical", "None" });
    }

    [Fact]
    public void Benchmarks_run_their_services_at_the_shipped_log_levels_and_say_so()
    {
        var root = TestEnvironment.RepositoryRoot;
        var shared = File.ReadAllText(Path.Combine(root, "bench", "shipped-logging.sh"));
        var benchLevels = System.Text.RegularExpressions.Regex.Match(shared, @"SHIPPED_LOG_LEVELS=\(([^)]*)\)").Groups[1].Value
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);

        foreach (var service in ServiceNames)
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "services", service, "appsettings.json")));
            var shipped = settings.RootElement.GetProperty("Logging").GetProperty("LogLevel").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}");
            Assert.Equal(shipped.Order(StringComparer.Ordinal), benchLevels);
        }
        var scripts = Directory.GetFiles(Path.Combine(root, "bench"), "run.sh", SearchOption.AllDirectories);
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var text = File.ReadAllText(script);
            Assert.True(text.Contains("shipped-logging.sh", StringComparison.Ordinal) || script.Contains("drills", StringComparison.Ordinal),
                $"{script} does not source bench/shipped-logging.sh");
        }
        Assert.Contains("shipped-logging.sh", File.ReadAllText(Path.Combine(root, "bench", "drills", "lib", "env.sh")));
        var ownLevels = Directory.GetFiles(Path.Combine(root, "bench"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".sh", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.EndsWith("shipped-logging.sh", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("Logging__LogLevel__", StringComparison.Ordinal));
        Assert.Empty(ownLevels);
    }
}
