namespace Dunning.SlowSmtp;

/// <summary>The command line: <c>--port</c>, <c>--upstream host:port</c>, <c>--late seconds</c>, <c>--while file</c>, <c>--drop</c>.</summary>
public sealed record ProxySettings(int Port, string UpstreamHost, int UpstreamPort, TimeSpan Delay, string? WhileFile, bool Drop)
{
    public static ProxySettings Parse(string[] args)
    {
        string Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new ArgumentException($"missing {name}; usage: --port N --upstream HOST:PORT --late SECONDS [--while FILE] [--drop]");
        string? Optional(string name) => args.Contains(name) ? Value(name) : null;

        var upstream = Value("--upstream").Split(':');
        if (upstream.Length != 2 || !int.TryParse(upstream[1], out var upstreamPort))
            throw new ArgumentException($"--upstream is HOST:PORT, not '{Value("--upstream")}'");
        return new ProxySettings(int.Parse(Value("--port")), upstream[0], upstreamPort,
            TimeSpan.FromSeconds(double.Parse(Optional("--late") ?? "12", System.Globalization.CultureInfo.InvariantCulture)),
            Optional("--while"), args.Contains("--drop"));
    }
}
