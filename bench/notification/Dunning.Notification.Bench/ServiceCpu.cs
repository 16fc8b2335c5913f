namespace Dunning.Notification.Bench;

/// <summary>CPU time (user + system) of the service child process, read from <c>/proc</c>: a cost per email that load from other processes hardly changes.</summary>
public static class ServiceCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>CPU seconds used so far by this process's child running <paramref name="dll"/>; null where /proc is missing.</summary>
    public static double? Seconds(string dll)
    {
        if (!Directory.Exists("/proc")) return null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(dll)) continue;
                var fields = File.ReadAllText(Path.Combine(dir, "stat")).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (int.Parse(fields[1]) != Environment.ProcessId) continue; // ppid: our own child only
                return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return null;
    }
}
