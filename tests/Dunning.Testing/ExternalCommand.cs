using System.Diagnostics;

namespace Dunning.Testing;

/// <summary>Runs a command-line tool from the repository root, for tests that check shipped files with the tool that reads them.</summary>
public static class ExternalCommand
{
    /// <summary>The exit code and everything written (standard output, then standard error).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string command, string arguments)
    {
        var (exitCode, output, error) = await RunApartAsync(command, arguments);
        return (exitCode, output + error);
    }

    /// <summary>The exit code, standard output and standard error apart: for a tool whose output is parsed and who warns on standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunApartAsync(string command, string arguments)
    {
        var info = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
