using System.Diagnostics;
using System.Net.Sockets;

namespace Dunning.Testing;

/// <summary>
/// A Dunning service (or the sandbox) running as a real child process, as in production: started from
/// its built dll with environment settings, awaited until <c>/health</c> answers, and killable with
/// SIGKILL to prove crash safety.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private ServiceProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public string Output { get { lock (_output) return string.Join('\n', _output); } }

    /// <summary>Starts <paramref name="project"/> (e.g. "services/Dunning.BillingWebhook") on a free port.</summary>
    public static async Task<ServiceProcess> StartAsync(string project, IDictionary<string, string> settings, int? port = null)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var info = new ProcessStartInfo("dotnet", [DllPath(project)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(DllPath(project))!,
        };
        info.Environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        foreach (var (key, value) in settings) info.Environment[key] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {project}");
        var service = new ServiceProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        return service;
    }

    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.HoldsAsync(async () =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"Process exited with {_process.ExitCode}:\n{Output}");
            try { return (await client.GetAsync("/health")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, timeout, $"{BaseAddress}health answers 200");
    }

    /// <summary>kill -9: no shutdown hooks, no flushing — a crash.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await Task.CompletedTask;
        _process.Dispose();
    }

    public static int FreePort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string DllPath(string project)
    {
        var name = Path.GetFileName(project);
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(TestEnvironment.RepositoryRoot, project, "bin", configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; the test project must reference {project}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) { _output.Add(line); if (_output.Count > 2000) _output.RemoveAt(0); }
    }
}
