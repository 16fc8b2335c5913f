namespace Dunning.RetryScheduler.Domain;

/// <summary>
/// One row of the policy table: when <see cref="Signal"/> equals <see cref="Code"/> (and the card is of <see cref="Brand"/>, if set),
/// do <see cref="Action"/>.
/// </summary>
public sealed record DeclineRule(string Name, DeclineSignal Signal, string Code, DeclineAction Action, string? Brand = null)
{
    public bool Matches(DeclineSignal signal, string? code, string? brand) =>
        signal == Signal
        && string.Equals(code, Code, StringComparison.OrdinalIgnoreCase)
        && (Brand is null || string.Equals(brand, Brand, StringComparison.OrdinalIgnoreCase));
}
