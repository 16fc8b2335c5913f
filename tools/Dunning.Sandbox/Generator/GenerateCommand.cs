using System.Globalization;

namespace Dunning.Sandbox.Generator;

/// <summary>
/// <c>dotnet Dunning.Sandbox.dll generate --customers 200 --failure-rate 0.3 --checkout-share 0.3 --expiring-share 0.1 --seed 42 --speed 2 --signup-speed 0
/// --days 30 --sandbox-url http://127.0.0.1:12111 [--mix payday] [--step-hours 1] [--after-step COMMAND]</c>: drives a running sandbox
/// through its API.
/// </summary>
public static class GenerateCommand
{
    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == "generate";

    public static async Task<int> RunAsync(string[] args)
    {
        GeneratorOptions options;
        try
        {
            options = Parse(args[1..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"generate: {e.Message}");
            return 2;
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        var generator = new TrafficGenerator(new SandboxApiClient(http, options.SandboxUrl, options.ApiKey), options, Console.WriteLine,
            options.AfterStep is { } command ? AfterStepCommand.Runner(command) : null);
        await generator.RunAsync(CancellationToken.None);
        return 0;
    }

    public static GeneratorOptions Parse(string[] args)
    {
        var options = new GeneratorOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--customers" => options with { Customers = int.Parse(value, CultureInfo.InvariantCulture) },
                "--failure-rate" => options with { FailureRate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--checkout-share" => options with { CheckoutShare = double.Parse(value, CultureInfo.InvariantCulture) },
                "--expiring-share" => options with { ExpiringShare = double.Parse(value, CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(value, CultureInfo.InvariantCulture) },
                "--speed" => options with { Speed = double.Parse(value, CultureInfo.InvariantCulture) },
                "--signup-speed" => options with { SignupSpeed = double.Parse(value, CultureInfo.InvariantCulture) },
                "--days" => options with { Days = int.Parse(value, CultureInfo.InvariantCulture) },
                "--mix" => CardMix.IsKnown(value) ? options with { Mix = value }
                    : throw new ArgumentException($"--mix is {CardMix.Default} or {CardMix.Payday}"),
                "--step-hours" => options with { StepHours = int.Parse(value, CultureInfo.InvariantCulture) },
                "--after-step" => options with { AfterStep = value },
                "--dunning-days" => options with { DunningDays = int.Parse(value, CultureInfo.InvariantCulture) },
                "--sandbox-url" => options with { SandboxUrl = value },
                "--api-key" => options with { ApiKey = value },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return options;
    }
}
