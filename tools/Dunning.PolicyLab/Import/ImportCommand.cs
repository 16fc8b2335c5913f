namespace Dunning.PolicyLab;

/// <summary>Placeholder until the import command is built (issue 19).</summary>
public static class ImportCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(Usage.Fail("import: not built yet"));
}
