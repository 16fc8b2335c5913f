using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// The Prometheus alerting rules in deploy/prometheus are valid and fire as their tests say, checked with Prometheus's own
/// promtool (Debian's <c>prometheus</c> package, which scripts/test.sh installs).
/// </summary>
public sealed class AlertRulesTests
{
    private const string Rules = "deploy/prometheus/alerts.yml";

    [Fact]
    public async Task The_alert_rules_are_valid_and_pass_their_promtool_tests()
    {
        var (checkExit, checkOutput) = await ExternalCommand.RunAsync("promtool", $"check rules {Rules}");
        Assert.True(checkExit == 0, checkOutput);

        var (testExit, testOutput) = await ExternalCommand.RunAsync("promtool", "test rules deploy/prometheus/alerts.test.yml");
        Assert.True(testExit == 0, testOutput);
    }

    [Fact]
    public async Task The_dead_jobs_alert_reads_the_gauge_the_services_export()
    {
        // The name a scrape shows (tests/Dunning.Platform.Tests DeadJobApiTests reads it from /metrics).
        Assert.Contains("max by (service, kind) (dunning_due_jobs_dead) > 0", await File.ReadAllTextAsync(Path.Combine(TestEnvironment.RepositoryRoot, Rules)));
    }
}
