namespace Dunning.Platform.Data;

/// <summary>How <see cref="UnitsOfWork"/> groups concurrent units of work into transactions (section <c>GroupCommit</c>).</summary>
public sealed class GroupCommitOptions
{
    /// <summary>Most pieces of work one transaction carries.</summary>
    public int MaxBatch { get; set; } = 64;

    /// <summary>Transactions in flight at once (each on its own connection). More overlaps round trips; 1 never deadlocks with itself.</summary>
    public int Writers { get; set; } = 2;
}
