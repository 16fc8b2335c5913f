using Dunning.Testing;

namespace Dunning.PolicyLab.Tests;

/// <summary>The lab's command line as scripts/lab.sh runs it: a real process.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task An_unknown_command_is_refused_with_exit_code_2_and_the_usage()
    {
        var (exitCode, output) = await ServiceProcess.RunToExitAsync("tools/Dunning.PolicyLab", ["simulate"], new Dictionary<string, string>(),
            TimeSpan.FromSeconds(60));

        Assert.Equal(Usage.BadArguments, exitCode);
        Assert.Contains("usage: lab.sh import|backtest", output);
    }
}
