using Dunning.Lab.History;
using Dunning.PolicyLab.Import;
using Dunning.Testing;

namespace Dunning.PolicyLab.Tests.Import;

/// <summary>
/// The import killed (SIGKILL) midway and started again with the same arguments writes what an uninterrupted import writes: the same
/// lines in the same order, none twice. One event or invoice per page at two requests a second keep it running long enough to be killed,
/// mostly right after its first page.
/// </summary>
public sealed class ResumeAfterKillTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task An_import_killed_midway_resumes_from_its_checkpoint_and_writes_what_an_uninterrupted_one_does()
    {
        var expected = await new FailedInvoiceScenario(fixture.Sandbox).MakeAsync();
        var uninterrupted = LabImport.TemporaryFile();
        var (exitCode, log) = await LabImport.RunAsync(LabImport.Arguments(uninterrupted, pageSize: 1), LabImport.Settings(fixture.Sandbox));
        Assert.True(exitCode == 0, log);
        var whole = await File.ReadAllLinesAsync(uninterrupted);
        Assert.Equal(expected.Count, whole.Length);

        var resumed = LabImport.TemporaryFile();
        var arguments = LabImport.Arguments(resumed, pageSize: 1);
        var first = ServiceProcess.StartCommand(LabImport.Project, arguments, LabImport.Settings(fixture.Sandbox, requestsPerSecond: 2));
        await using (first)
        {
            await Eventually.HoldsAsync(async () => first.HasExited
                    || (await ImportCheckpoint.LoadAsync(resumed, CancellationToken.None))?.Lines >= 1,
                TimeSpan.FromSeconds(60), "the import has checkpointed at least one invoice");
            Assert.False(first.HasExited, $"the import finished before it could be killed:\n{first.Output}");
            first.Kill();
        }
        var killedAt = await ImportCheckpoint.LoadAsync(resumed, CancellationToken.None);
        Assert.NotNull(killedAt);
        Assert.InRange(killedAt.Lines, 1, whole.Length - 1);

        var (again, againLog) = await LabImport.RunAsync(arguments, LabImport.Settings(fixture.Sandbox));

        Assert.True(again == 0, againLog);
        Assert.Contains($"{killedAt.Lines} invoices kept", againLog);
        Assert.Equal(whole, await File.ReadAllLinesAsync(resumed));
        Assert.False(File.Exists(ImportCheckpoint.PathFor(resumed)));
    }
}
