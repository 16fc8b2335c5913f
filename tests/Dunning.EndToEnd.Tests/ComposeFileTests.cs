using Dunning.Testing;

namespace Dunning.EndToEnd.Tests;

/// <summary>docker-compose.yml is valid and declares the whole system (checked offline with Debian's docker-compose).</summary>
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
}
