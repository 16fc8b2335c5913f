using System.Diagnostics;

namespace Dunning.Metrics.Tests.Support;

/// <summary>Debian's <c>chromium</c> run headless: loads a page, lets its scripts and fetches finish, returns the DOM.</summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static async Task<string> DumpDomAsync(Uri page)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: apt-get install -y chromium");
        var profile = Directory.CreateTempSubdirectory("metrics-chromium-");
        try
        {
            var info = new ProcessStartInfo(Executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", "--dump-dom", page.ToString(),
            ]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            var dom = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            await process.WaitForExitAsync(timeout.Token);
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
