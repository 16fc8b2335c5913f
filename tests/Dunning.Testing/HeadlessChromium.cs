using System.Diagnostics;
using Xunit;

namespace Dunning.Testing;

/// <summary>Debian's <c>chromium</c> run headless: loads a page, lets its scripts and fetches finish, returns the DOM.</summary>
public static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    public static Task<string> DumpDomAsync(Uri page) => RunAsync(page, "--dump-dom");

    /// <summary>Loads the page as <see cref="DumpDomAsync"/> does and saves what a window of that size shows as a PNG.</summary>
    public static async Task ScreenshotAsync(Uri page, string path, int width = 1280, int height = 800)
    {
        await RunAsync(page, $"--screenshot={Path.GetFullPath(path)}", $"--window-size={width},{height}", "--hide-scrollbars");
        Assert.True(File.Exists(path), $"chromium saved no screenshot at {path}");
    }

    private static async Task<string> RunAsync(Uri page, params string[] output)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: apt-get install -y chromium");
        var profile = Directory.CreateTempSubdirectory("dunning-chromium-");
        try
        {
            var info = new ProcessStartInfo(Executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", .. output, page.ToString(),
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
