using System.Text.Json;
using Dunning.RetryScheduler;
using Microsoft.Extensions.Configuration;

namespace Dunning.PolicyLab.Backtest;

/// <summary>A retry policy to backtest: its name, the file it came from and the scheduler's own settings object.</summary>
public sealed record NamedPolicy(string Name, string File, RetryPolicyOptions Options)
{
    public RetryTiming Timing => Options.Timing;
}

/// <summary>A policy file that cannot be run; the message names the file and the key.</summary>
public sealed class PolicyFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Policy files: JSON with the keys of the scheduler's <c>RetryPolicy</c> section (docs in RetryPolicyOptions.cs, durations as
/// <c>d.hh:mm:ss</c>) and a <c>name</c>. They are bound as the service binds its settings (Microsoft.Extensions.Configuration's
/// JSON provider), so a missing key keeps the scheduler's default, and checked as the service checks them (<see cref="RetryPolicyChecks"/>).
/// An unknown key is refused rather than ignored: a misspelt setting would otherwise backtest the default silently.
/// <c>Timing</c> is the scheduler's too (<see cref="RetryTiming"/>); its <c>LearnedModel</c> is not read here: the backtest trains the
/// model or loads <c>--model</c>.
/// </summary>
public static class PolicyFile
{
    public const string NameKey = "name";
    public const string TimingKey = "Timing";

    public static NamedPolicy Load(string path)
    {
        if (!System.IO.File.Exists(path))
            throw new PolicyFileException($"{path}: no such policy file");
        IConfigurationRoot file;
        try
        {
            file = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or JsonException)
        {
            throw new PolicyFileException($"{path}: not a JSON object of settings ({e.InnerException?.Message ?? e.Message})", e);
        }

        // The name is the lab's; every other key is the scheduler's.
        var settings = new ConfigurationBuilder().AddInMemoryCollection(file.AsEnumerable().Where(kv =>
            !string.Equals(kv.Key, NameKey, StringComparison.OrdinalIgnoreCase))).Build();
        // Only the names, not numbers (which the binder would also take).
        if (file[TimingKey] is { } timing && !Enum.GetNames<RetryTiming>().Contains(timing, StringComparer.OrdinalIgnoreCase))
            throw new PolicyFileException($"{path}: {TimingKey} '{timing}' is not one of {string.Join(", ", Enum.GetNames<RetryTiming>())}");
        var options = new RetryPolicyOptions();
        try
        {
            settings.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new PolicyFileException($"{path}: {e.Message}", e);
        }
        if (RetryPolicyChecks.Problems(options) is [_, ..] problems)
            throw new PolicyFileException($"{path}: {string.Join("; ", problems)}");
        if (options.RetryOwner == RetryOwner.Stripe)
            throw new PolicyFileException($"{path}: RetryOwner Stripe hands the retries to Stripe's Smart Retries, which the backtest cannot plan");

        var name = file[NameKey] is { Length: > 0 } given ? given : Path.GetFileNameWithoutExtension(path);
        return new NamedPolicy(name, path, options);
    }
}
