using Dunning.SlowSmtp;

// A slow SMTP relay for the drills: a proxy in front of a real SMTP server that answers the end of each message late.
//   dotnet Dunning.SlowSmtp.dll --port 11026 --upstream 127.0.0.1:11025 --late 12 [--while FILE] [--drop]
// --late S: the server's reply to each whole message is held S seconds; --drop: swallowed and the connection closed instead;
// --while FILE: only while FILE exists (checked every 200 ms), otherwise replies pass at once. Stops on SIGTERM / Ctrl+C.
var settings = ProxySettings.Parse(args);
using var proxy = new SlowSmtpProxy(settings.UpstreamHost, settings.UpstreamPort) { Delay = settings.Delay };
proxy.Start(settings.Port);
Console.WriteLine($"slow SMTP proxy on 127.0.0.1:{proxy.Port} -> {settings.UpstreamHost}:{settings.UpstreamPort}, " +
                  $"{(settings.Drop ? "dropping" : $"holding for {settings.Delay.TotalSeconds:0.#} s")} the reply to each message" +
                  (settings.WhileFile is null ? "" : $" while {settings.WhileFile} exists"));

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
var reported = "";
while (!stop.IsCancellationRequested)
{
    var slow = settings.WhileFile is null || File.Exists(settings.WhileFile);
    proxy.Reply = !slow ? ReplyToDataEnd.Forward : settings.Drop ? ReplyToDataEnd.Drop : ReplyToDataEnd.Late;
    var counts = $"connections {proxy.Connections}, messages {proxy.DataEnds}, replies held {proxy.HeldReplies}, dropped {proxy.DroppedReplies}";
    if (counts != reported) Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {proxy.Reply}: {counts}");
    reported = counts;
    try { await Task.Delay(200, stop.Token); }
    catch (OperationCanceledException) { }
}
