using System.Text.Json;
using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>What each service ships in its <c>appsettings.json</c>, the configuration a user starts with.</summary>
public sealed class ShippedConfigurationTests
{
    public static TheoryData<string> Services => new() { "Dunning.BillingWebhook", "Dunning.RetryScheduler", "Dunning.Notification", "Dunning.Metrics" };

    [Theory]
    [MemberData(nameof(Services))]
    public void Sql_statements_are_not_logged_by_default(string service)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "services", service, "appsettings.json")));

        var level = settings.RootElement.GetProperty("Logging").GetProperty("LogLevel").GetProperty("Npgsql.Command").GetString();

        Assert.Contains(level, new[] { "Warning", "Error", "Critical", "None" });
    }
}
