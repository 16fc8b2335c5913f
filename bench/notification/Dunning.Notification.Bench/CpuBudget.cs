using Npgsql;

namespace Dunning.Notification.Bench;

/// <summary>
/// CPU time (user + system, from <c>/proc</c>) of every process an email passes through: the service, the PostgreSQL backends
/// serving the bench's database, maildev, RabbitMQ (shared with whatever else runs) and this bench (publisher, Stripe stub).
/// </summary>
public sealed class CpuBudget(NpgsqlDataSource admin, string database)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    public async Task<Dictionary<string, double>> SnapshotAsync()
    {
        var seconds = new Dictionary<string, double>();
        var backends = await BackendPidsAsync();
        foreach (var dir in Directory.Exists("/proc") ? Directory.EnumerateDirectories("/proc") : [])
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var fields = File.ReadAllText(Path.Combine(dir, "stat")).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                var part = pid == Environment.ProcessId ? "bench (publisher, Stripe stub)"
                    : cmdline.Contains("Dunning.Notification.dll") && int.Parse(fields[1]) == Environment.ProcessId ? "service"
                    : backends.Contains(pid) ? "PostgreSQL (the bench database's backends)"
                    : cmdline.Contains("maildev") ? "maildev (SMTP server)"
                    : cmdline.Contains("beam.smp") ? "RabbitMQ (shared with other users)"
                    : null;
                if (part is null) continue;
                seconds[$"{part}|{pid}"] = (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return seconds;
    }

    /// <summary>Waits until process <paramref name="pid"/> used under 5 % of a core over the last second (its JIT is done).</summary>
    public static async Task WaitUntilIdleAsync(int pid, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var before = CpuSeconds(pid);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(1)); // the measuring interval itself, not a wait for something to happen
            var now = CpuSeconds(pid);
            if (now - before < 0.05) return;
            before = now;
        }
        throw new TimeoutException($"Process {pid} did not become idle within {timeout}");
    }

    private static double CpuSeconds(int pid)
    {
        var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond;
    }

    /// <summary>Milliseconds per item by part, between two snapshots (a process that appeared in between counts from zero).</summary>
    public static IEnumerable<(string Part, double Ms)> PerItem(Dictionary<string, double> before, Dictionary<string, double> after, int items) =>
        after.GroupBy(p => p.Key.Split('|')[0])
            .Select(g => (g.Key, g.Sum(p => p.Value - before.GetValueOrDefault(p.Key)) * 1000 / items))
            .OrderByDescending(p => p.Item2);

    private async Task<HashSet<int>> BackendPidsAsync()
    {
        await using var command = admin.CreateCommand("SELECT pid FROM pg_stat_activity WHERE datname = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        var pids = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }
}
