namespace Dunning.Metrics.Domain;

/// <summary>
/// Which of Stripe's modes a report counts: live (the default) or test, never both: a figure that added test-mode money to live
/// money would be read as revenue. <see cref="Livemodes"/> is what the queries bind: the ledger's livemode values the report includes.
/// </summary>
public sealed class ReportMode
{
    public static ReportMode Live { get; } = new("live", [true]);
    public static ReportMode Test { get; } = new("test", [false]);
    private static readonly ReportMode[] Modes = [Live, Test];

    private ReportMode(string name, bool[] livemodes) => (Name, Livemodes) = (name, livemodes);

    public string Name { get; }

    public IReadOnlyList<bool> Livemodes { get; }

    /// <summary>Parses a <c>mode</c> (absent: live); on failure returns null and a reason a person can act on.</summary>
    public static ReportMode? TryParse(string? mode, out string? error)
    {
        error = null;
        if (mode is null) return Live;
        var found = Modes.FirstOrDefault(m => string.Equals(m.Name, mode, StringComparison.OrdinalIgnoreCase));
        if (found is null)
            error = string.Equals(mode, "all", StringComparison.OrdinalIgnoreCase)
                ? "'mode' must be live or test: live and test-mode figures are never added together (mode=all was withdrawn; ask for each)."
                : $"'mode' must be live or test (got '{mode}').";
        return found;
    }

    public override string ToString() => Name;
}
