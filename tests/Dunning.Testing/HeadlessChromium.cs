using System.Diagnostics;
using Xunit;

namespace Dunning.Testing;

/// <summary>
/// Debian's <c>chromium</c> run headless: loads a page in a window of the given size, lets its scripts and fetches finish,
/// returns the DOM (<see cref="ChromiumPage"/> for any viewport width, a phone's included, and full-page screenshots).
/// </summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static Task<string> DumpDomAsync(Uri page, int width = 1280, int height = 800) =>
        RunAsync(page, width, height, "--dump-dom");

    private static async Task<string> RunAsync(Uri page, int width, int height, params string[] output)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: apt-get install -y chromium");
        var profile = Directory.CreateTempSubdirectory("dunning-chromium-");
        try
        {
            var info = new ProcessStartInfo(Executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                $"--user-data-dir={profile.FullName}", $"--window-size={width},{height}", "--virtual-time-budget=10000",
                .. output, page.ToString(),
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
