using System.Diagnostics;
using System.Globalization;

namespace Dunning.Sandbox.Generator;

/// <summary>The <c>--after-step</c> shell command as a <see cref="TrafficGenerator"/> hook: it must exit 0 for the walk to go on.</summary>
public static class AfterStepCommand
{
    public static Func<string, long, CancellationToken, Task> Runner(string command) => async (clockId, frozenTime, ct) =>
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false };
        start.Environment["CLOCK_ID"] = clockId;
        start.Environment["FROZEN_TIME"] = frozenTime.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start: {command}");
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"--after-step exited {process.ExitCode} at {frozenTime} on {clockId}: {command}");
    };
}
