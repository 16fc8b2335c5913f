using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Dunning.Testing;

/// <summary>
/// A page in headless Chromium driven over the DevTools protocol: the viewport is emulated (a headless window is never
/// narrower than 500 px, a phone is 390), the page is read once it says it is ready, and it can be saved as a full-page PNG.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private int _lastId;

    private ChromiumPage(Process process, DirectoryInfo profile) => (_process, _profile) = (process, profile);

    /// <summary>
    /// Where the layout tests also save their screenshots when set (<c>DUNNING_SCREENSHOTS=docs</c>, relative to the repository):
    /// how the images under <c>docs/</c> are retaken.
    /// </summary>
    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable("DUNNING_SCREENSHOTS");

    /// <summary>Opens <paramref name="page"/> in a <paramref name="width"/> × <paramref name="height"/> viewport and waits until
    /// <paramref name="readyExpression"/> (JavaScript) is truthy.</summary>
    public static async Task<ChromiumPage> OpenAsync(Uri page, int width, int height, string readyExpression)
    {
        Assert.True(File.Exists(HeadlessChromium.Executable), $"{HeadlessChromium.Executable} is missing: apt-get install -y chromium");
        var profile = Directory.CreateTempSubdirectory("dunning-chromium-");
        var process = Process.Start(new ProcessStartInfo(HeadlessChromium.Executable,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--hide-scrollbars",
            $"--user-data-dir={profile.FullName}", "--remote-debugging-port=0", "about:blank",
        ]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var chromium = new ChromiumPage(process, profile);
        try
        {
            await chromium.ConnectAsync();
            await chromium.SendAsync("Emulation.setDeviceMetricsOverride",
                new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600 });
            await chromium.SendAsync("Page.navigate", new JsonObject { ["url"] = page.ToString() });
            await Eventually.HoldsAsync(async () => await chromium.EvaluateAsync($"Boolean({readyExpression})") is JsonValue ready && ready.GetValue<bool>(),
                TimeSpan.FromSeconds(30), $"{page} is ready ({readyExpression})");
            return chromium;
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }
    }

    public async Task<string> DomAsync() => (await EvaluateAsync("document.documentElement.outerHTML"))!.GetValue<string>();

    /// <summary>
    /// Fails when anything on the page sticks out of the viewport, so that the whole page would scroll sideways
    /// (tables may scroll inside their own box).
    /// </summary>
    public async Task AssertFitsItsWidthAsync()
    {
        var viewport = (await EvaluateAsync("document.documentElement.clientWidth"))!.GetValue<int>();
        var pageWidth = (await EvaluateAsync("document.documentElement.scrollWidth"))!.GetValue<int>();
        var sticking = (await EvaluateAsync(
            "((w, out = e => e.getBoundingClientRect().right > w + 1) => [...document.querySelectorAll('body *')]"
            + ".filter(e => out(e) && !out(e.parentElement) && getComputedStyle(e.parentElement).overflowX === 'visible'))"
            + "(document.documentElement.clientWidth)"
            + ".map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5).join(' ')"))!.GetValue<string>();
        Assert.True(pageWidth <= viewport, $"at {viewport} px the page is {pageWidth} px wide (sticking out: {sticking}): the whole page scrolls sideways");
    }

    /// <summary>
    /// Saves the whole page as a PNG, checks it holds a page, and copies it to <see cref="ScreenshotFolder"/> as
    /// <paramref name="name"/> when that is set.
    /// </summary>
    public async Task SaveScreenshotAsync(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"chromium-{Guid.NewGuid():N}-{name}");
        await ScreenshotAsync(path);
        try
        {
            Assert.True(new FileInfo(path).Length > 10_000, $"the screenshot {name} holds the page");
            if (ScreenshotFolder is { } folder)
                File.Copy(path, Path.Combine(TestEnvironment.RepositoryRoot, folder, name), overwrite: true);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Saves the whole page, as tall as it is, as a PNG.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var size = (await EvaluateAsync("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"))!.AsArray();
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject
        {
            ["format"] = "png", ["captureBeyondViewport"] = true,
            ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = size[0]!.GetValue<int>(), ["height"] = size[1]!.GetValue<int>(), ["scale"] = 1 },
        });
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return result["result"]!["value"];
    }

    private async Task ConnectAsync()
    {
        var portFile = Path.Combine(_profile.FullName, "DevToolsActivePort");
        await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(portFile) && File.ReadAllLines(portFile).Length >= 2),
            TimeSpan.FromSeconds(20), "chromium listens for DevTools");
        var port = File.ReadAllLines(portFile)[0];
        using var http = new HttpClient();
        var targets = await http.GetFromJsonAsync<JsonArray>($"http://127.0.0.1:{port}/json/list");
        var target = targets!.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await _socket.ConnectAsync(new Uri(target["webSocketDebuggerUrl"]!.GetValue<string>()), CancellationToken.None);
    }

    /// <summary>Sends one command and returns its result (events arriving meanwhile are skipped).</summary>
    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = ++_lastId;
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, received.Count);
            } while (!received.EndOfMessage);
            var reply = JsonNode.Parse(message.ToArray())!;
            if (reply["id"]?.GetValue<int>() != id) continue;
            Assert.True(reply["error"] is null, $"{method} failed: {reply["error"]?.ToJsonString()}");
            return reply["result"]!;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _profile.Delete(recursive: true);
    }
}
