using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>
/// docker-compose.yml is valid, declares the whole system, restarts what stops, and runs what it builds as an unprivileged user
/// with a healthcheck (checked offline with Debian's docker-compose).
/// </summary>
public sealed class ComposeFileTests
{
    [Fact]
    public async Task The_compose_file_validates_and_declares_every_component()
    {
        var (exitCode, output) = await ExternalCommand.RunAsync("docker-compose", "-f docker-compose.yml config --services");

        Assert.True(exitCode == 0, output);
        var services = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        foreach (var expected in new[] { "postgres", "rabbitmq", "maildev", "sandbox", "billing-webhook", "retry-scheduler", "notification", "metrics" })
            Assert.Contains(expected, services);
    }

    [Fact]
    public async Task Every_container_restarts_unless_stopped()
    {
        var services = await ServicesAsync();

        Assert.NotEmpty(services);
        foreach (var (name, settings) in services)
            Assert.True(settings.Contains("restart: unless-stopped"), $"{name} has no 'restart: unless-stopped'");
    }

    [Fact]
    public async Task Every_image_built_here_runs_as_an_unprivileged_user_and_has_a_healthcheck()
    {
        var built = (await ServicesAsync()).Where(s => s.Value.Any(line => line.StartsWith("dockerfile: ", StringComparison.Ordinal))).ToList();

        // The sandbox and the four services; the cluster profile's images (their instances, PostgreSQL under pg_auto_failover) besides.
        Assert.Equal(5, built.Count(service => !service.Value.Contains("profiles:")));
        foreach (var (name, settings) in built)
        {
            var dockerfile = settings.Single(line => line.StartsWith("dockerfile: ", StringComparison.Ordinal))["dockerfile: ".Length..];
            var context = settings.Single(line => line.StartsWith("context: ", StringComparison.Ordinal))["context: ".Length..];
            var user = FinalStageUser(File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, context, dockerfile)));
            Assert.True(user is not null && user is not ("root" or "0" or "0:0"), $"{dockerfile}'s final stage runs as {user ?? "root (no USER)"}");
            Assert.DoesNotContain(settings, line => line.StartsWith("user: ", StringComparison.Ordinal));
            Assert.True(settings.Contains("healthcheck:"), $"{name} has no healthcheck");
        }
    }

    /// <summary>Each service's settings as <c>docker-compose config</c> writes them (normalized: two spaces per level), trimmed.</summary>
    private static async Task<Dictionary<string, List<string>>> ServicesAsync()
    {
        var (exitCode, output) = await ExternalCommand.RunAsync("docker-compose", "-f docker-compose.yml config");
        Assert.True(exitCode == 0, output);
        var services = new Dictionary<string, List<string>>();
        List<string>? current = null;
        var inServices = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.Length > 0 && line[0] != ' ')
                (inServices, current) = (line == "services:", null);
            else if (inServices && line.StartsWith("  ", StringComparison.Ordinal) && line[2] != ' ')
                services[line.Trim().TrimEnd(':')] = current = [];
            else if (current is not null)
                current.Add(line.Trim());
        }
        return services;
    }

    /// <summary>The user the image runs as: the last USER after the last FROM, or null (root).</summary>
    private static string? FinalStageUser(string[] dockerfile)
    {
        var instructions = dockerfile.Select(line => line.Trim()).ToList();
        var finalStage = instructions.FindLastIndex(line => line.StartsWith("FROM ", StringComparison.OrdinalIgnoreCase));
        return instructions.Skip(finalStage).LastOrDefault(line => line.StartsWith("USER ", StringComparison.OrdinalIgnoreCase))?["USER ".Length..].Trim();
    }
}
