using Dunning.Lab.History;
using Dunning.PolicyLab.Import;

namespace Dunning.PolicyLab.Tests.Import;

/// <summary>A resumed import cuts the file back to the lines its checkpoint counts: a page written after it is written again, once.</summary>
public sealed class HistoryOutputTests
{
    [Fact]
    public async Task Reopening_keeps_the_checkpointed_lines_and_drops_the_rest()
    {
        var path = LabImport.TemporaryFile();
        await HistoryFile.WriteAsync(path, [Invoice("in_1"), Invoice("in_2"), Invoice("in_3")]);

        await using (var output = await HistoryOutput.OpenAsync(path, keep: 2, CancellationToken.None))
        {
            Assert.Equal(2, output.Lines);
            Assert.True(output.Contains("in_2"));
            Assert.False(output.Contains("in_3"));
            await output.AppendAsync([Invoice("in_3")], CancellationToken.None);
        }

        Assert.Equal(["in_1", "in_2", "in_3"], (await HistoryFile.ReadAsync(path).ToListAsync()).Select(i => i.InvoiceId));
    }

    [Fact]
    public async Task A_file_shorter_than_its_checkpoint_is_refused()
    {
        var path = LabImport.TemporaryFile();
        await HistoryFile.WriteAsync(path, [Invoice("in_1")]);

        await Assert.ThrowsAsync<InvalidDataException>(() => HistoryOutput.OpenAsync(path, keep: 2, CancellationToken.None));
    }

    private static FailedInvoice Invoice(string id) => new(id, "cus_1", 1900, "usd", "visa", null,
        [PaymentAttempt.Declined(1, DateTimeOffset.UnixEpoch, DeclineCategory.Soft)], RecoveryOutcome.NotRecovered);
}
