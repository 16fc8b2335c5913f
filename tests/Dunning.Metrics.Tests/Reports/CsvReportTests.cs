using Dunning.Metrics.Endpoints;

namespace Dunning.Metrics.Tests.Reports;

public sealed class CsvReportTests
{
    [Theory]
    [Trait("Suite", "ForgedInput")]
    [InlineData("=HYPERLINK(\"https://evil.example\",\"visa\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tvisa")]
    public void Text_a_spreadsheet_would_run_as_a_formula_is_written_inert(string brand)
    {
        var csv = CsvReport.Write(new { rows = new[] { new { brand, count = -1 } } });

        var cell = csv.Split("\r\n")[1];
        Assert.StartsWith("'", cell.TrimStart('"'));
        Assert.EndsWith(",-1", cell); // numbers stay numbers
    }

    [Fact]
    public void Ordinary_text_is_unchanged() =>
        Assert.Equal("brand\r\nvisa\r\n", CsvReport.Write(new { rows = new[] { new { brand = "visa" } } }));
}
