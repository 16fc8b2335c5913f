namespace Dunning.Platform.Data;

/// <summary>How long a starting service waits for PostgreSQL to answer (section <c>Database</c>).</summary>
public sealed class DatabaseStartupOptions
{
    public const string Section = "Database";

    /// <summary>Longest wait for the first answer before the start fails (<c>Database__StartupPatience</c>).</summary>
    public TimeSpan StartupPatience { get; set; } = TimeSpan.FromMinutes(2);
}
