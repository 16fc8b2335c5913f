using Dunning.Testing;

namespace Dunning.PolicyLab.Tests.Import;

/// <summary><c>lab.sh import --from-stripe</c> as a real process against a sandbox, as an operator runs it.</summary>
public static class LabImport
{
    public const string Project = "tools/Dunning.PolicyLab";

    public static string[] Arguments(string output, int pageSize) =>
        ["import", "--from-stripe", "--out", output, "--page-size", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    /// <summary>The Stripe settings the services take, pointed at the sandbox.</summary>
    public static Dictionary<string, string> Settings(SandboxProcess sandbox, int requestsPerSecond = 100) => new()
    {
        ["Stripe__ApiBase"] = sandbox.ApiBase,
        ["Stripe__ApiKey"] = SandboxProcess.ApiKey,
        ["Stripe__RequestsPerSecond"] = requestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, IDictionary<string, string> settings) =>
        ServiceProcess.RunToExitAsync(Project, arguments, settings, TimeSpan.FromSeconds(120));

    public static string TemporaryFile() => Path.Combine(Path.GetTempPath(), $"lab-import-{Guid.NewGuid():N}.jsonl");
}
