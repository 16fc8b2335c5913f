namespace Dunning.Sandbox.Generator;

/// <summary>Runs one generator at a time in the background for POST /sandbox/generator/start.</summary>
public sealed class GeneratorRunner(IHttpClientFactory httpClients, ILogger<GeneratorRunner> logger, IHostApplicationLifetime lifetime)
{
    public const string HttpClientName = "generator";

    private readonly Lock _gate = new();
    private TrafficGenerator? _current;
    private Task? _task;

    public bool TryStart(GeneratorOptions options)
    {
        lock (_gate)
        {
            if (_task is { IsCompleted: false }) return false;
            var api = new SandboxApiClient(httpClients.CreateClient(HttpClientName), options.SandboxUrl, options.ApiKey);
            _current = new TrafficGenerator(api, options, message => logger.LogInformation("Generator: {Message}", message));
            var generator = _current;
            _task = Task.Run(() => generator.RunAsync(lifetime.ApplicationStopping));
            return true;
        }
    }

    public object Status()
    {
        lock (_gate)
        {
            return new
            {
                running = _task is { IsCompleted: false },
                failed = _task?.Exception?.GetBaseException().Message,
                customers = _current?.CustomersCreated ?? 0,
                renewalDaysDone = _current?.DaysDone ?? 0,
            };
        }
    }
}
