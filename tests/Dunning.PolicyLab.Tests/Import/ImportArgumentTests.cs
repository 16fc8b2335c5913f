using Dunning.PolicyLab.Import;

namespace Dunning.PolicyLab.Tests.Import;

/// <summary>The import refuses a command line it cannot run: exit code 2 and the reason, before any call to Stripe.</summary>
public sealed class ImportArgumentTests
{
    [Theory]
    [InlineData("--out x.jsonl", "--from-stripe or --from-dunning")]
    [InlineData("--from-stripe", "--out FILE is required")]
    [InlineData("--from-stripe --from-dunning --out x.jsonl", "not both")]
    [InlineData("--from-stripe --out x.jsonl --since yesterday", "--since takes a date")]
    [InlineData("--from-stripe --out x.jsonl --page-size 500", "--page-size takes a number from 1 to 100")]
    [InlineData("--from-stripe --out x.jsonl --verbose", "unknown argument '--verbose'")]
    public async Task Bad_arguments_exit_with_2_and_the_reason(string arguments, string reason)
    {
        var (exitCode, output) = await LabImport.RunAsync(["import", .. arguments.Split(' ')], new Dictionary<string, string>());

        Assert.Equal(Usage.BadArguments, exitCode);
        Assert.Contains(reason, output);
        Assert.Contains("usage: lab.sh import", output);
    }

    [Fact]
    public async Task A_checkpoint_of_an_import_with_other_arguments_is_not_resumed()
    {
        var output = LabImport.TemporaryFile();
        await new ImportCheckpoint("Stripe since=0", 0, ImportPass.Invoices, "in_1", 0).SaveAsync(output, CancellationToken.None);

        var (exitCode, log) = await LabImport.RunAsync(["import", "--from-stripe", "--out", output], new Dictionary<string, string>());

        Assert.Equal(Usage.BadArguments, exitCode);
        Assert.Contains("belongs to an import of 'Stripe since=0'", log);
    }
}
