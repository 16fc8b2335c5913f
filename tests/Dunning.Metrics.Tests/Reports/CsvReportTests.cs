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

    [Fact]
    public void Each_row_carries_the_reports_own_plain_fields_so_a_file_says_whose_figures_it_holds() =>
        Assert.Equal("key,count,currency,mode\r\nvisa,2,usd,test\r\n",
            CsvReport.Write(new { currency = "usd", mode = "test", nested = new { a = 1 }, rows = new[] { new { key = "visa", count = 2 } } }));

    [Fact]
    public void A_report_without_rows_still_has_a_header() =>
        Assert.Equal("currency,mode\r\n", CsvReport.Write(new { currency = "usd", mode = "live", rows = Array.Empty<object>() }));
}
