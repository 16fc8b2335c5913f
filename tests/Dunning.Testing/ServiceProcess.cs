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
        var process = Process.Start(StartInfo(project, [], settings, baseAddress)) ?? throw new InvalidOperationException($"Could not start {project}");
        var service = new ServiceProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await service.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>
    /// Starts <paramref name="project"/> with a command (<paramref name="arguments"/>) that serves no HTTP: not awaited, so a test can
    /// watch what it writes and <see cref="Kill"/> it midway (<see cref="HasExited"/> says whether it finished first).
    /// </summary>
    public static ServiceProcess StartCommand(string project, IReadOnlyList<string> arguments, IDictionary<string, string> settings)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var process = Process.Start(StartInfo(project, arguments, settings, baseAddress)) ?? throw new InvalidOperationException($"Could not start {project}");
        var command = new ServiceProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => command.Append(e.Data);
        process.ErrorDataReceived += (_, e) => command.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return command;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Runs <paramref name="project"/> with a command (<paramref name="arguments"/>, e.g. <c>migrate</c>) until it exits, as an
    /// operator would: the exit code and everything it wrote. A process still running after <paramref name="timeout"/> is killed
    /// and fails the test.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(string project, IReadOnlyList<string> arguments,
        IDictionary<string, string> settings, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(project, arguments, settings, new Uri($"http://127.0.0.1:{FreePort()}")))
            ?? throw new InvalidOperationException($"Could not start {project}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{project} {string.Join(' ', arguments)} did not exit within {timeout}:\n{await output}{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    private static ProcessStartInfo StartInfo(string project, IReadOnlyList<string> arguments, IDictionary<string, string> settings, Uri baseAddress)
    {
        var info = new ProcessStartInfo("dotnet", [DllPath(project), .. arguments])
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
        return info;
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

    /// <summary>A port for a process to listen on (<see cref="TestPorts"/>).</summary>
    public static int FreePort() => TestPorts.Next();

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
