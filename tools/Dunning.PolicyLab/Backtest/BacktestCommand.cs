namespace Dunning.PolicyLab;

/// <summary>Placeholder until the backtest command is built (issue 19).</summary>
public static class BacktestCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(Usage.Fail("backtest: not built yet"));
}
